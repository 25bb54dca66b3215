"""Compatibility name: the typed messages now live in :mod:`mipviz.model.messages`, the
vocabulary the engine and :mod:`mipviz.wire` both stand on. Import from there in new code."""

from mipviz.model.messages import (
    MH_TYPE_NAMES as MH_TYPE_NAMES,
)
from mipviz.model.messages import (
    MH_TYPE_NUMBERS as MH_TYPE_NUMBERS,
)
from mipviz.model.messages import (
    TUNNEL_ENCAPSULATION_LIMIT as TUNNEL_ENCAPSULATION_LIMIT,
)
from mipviz.model.messages import (
    AlternateCareofAddress as AlternateCareofAddress,
)
from mipviz.model.messages import (
    BindingAcknowledgement as BindingAcknowledgement,
)
from mipviz.model.messages import (
    BindingAuthorizationData as BindingAuthorizationData,
)
from mipviz.model.messages import (
    BindingError as BindingError,
)
from mipviz.model.messages import (
    BindingRefreshAdvice as BindingRefreshAdvice,
)
from mipviz.model.messages import (
    BindingRefreshRequest as BindingRefreshRequest,
)
from mipviz.model.messages import (
    BindingUpdate as BindingUpdate,
)
from mipviz.model.messages import (
    CareofTest as CareofTest,
)
from mipviz.model.messages import (
    CareofTestInit as CareofTestInit,
)
from mipviz.model.messages import (
    DecodedFrame as DecodedFrame,
)
from mipviz.model.messages import (
    DestinationOption as DestinationOption,
)
from mipviz.model.messages import (
    DestinationOptionsHeader as DestinationOptionsHeader,
)
from mipviz.model.messages import (
    DestinationUnreachable as DestinationUnreachable,
)
from mipviz.model.messages import (
    EchoReply as EchoReply,
)
from mipviz.model.messages import (
    EchoRequest as EchoRequest,
)
from mipviz.model.messages import (
    EncapsulatingSecurityPayload as EncapsulatingSecurityPayload,
)
from mipviz.model.messages import (
    EthernetFrame as EthernetFrame,
)
from mipviz.model.messages import (
    ExtensionHeader as ExtensionHeader,
)
from mipviz.model.messages import (
    HomeAddressOption as HomeAddressOption,
)
from mipviz.model.messages import (
    HomeAgentInformation as HomeAgentInformation,
)
from mipviz.model.messages import (
    HomeTest as HomeTest,
)
from mipviz.model.messages import (
    HomeTestInit as HomeTestInit,
)
from mipviz.model.messages import (
    ICMPv6Message as ICMPv6Message,
)
from mipviz.model.messages import (
    IPv6Packet as IPv6Packet,
)
from mipviz.model.messages import (
    MobileNetworkPrefix as MobileNetworkPrefix,
)
from mipviz.model.messages import (
    MobilityMessage as MobilityMessage,
)
from mipviz.model.messages import (
    MobilityOption as MobilityOption,
)
from mipviz.model.messages import (
    NeighborAdvertisement as NeighborAdvertisement,
)
from mipviz.model.messages import (
    NeighborSolicitation as NeighborSolicitation,
)
from mipviz.model.messages import (
    NonceIndices as NonceIndices,
)
from mipviz.model.messages import (
    ParameterProblem as ParameterProblem,
)
from mipviz.model.messages import (
    Payload as Payload,
)
from mipviz.model.messages import (
    PrefixInformation as PrefixInformation,
)
from mipviz.model.messages import (
    RouterAdvertisement as RouterAdvertisement,
)
from mipviz.model.messages import (
    RouterSolicitation as RouterSolicitation,
)
from mipviz.model.messages import (
    RoutingHeaderType2 as RoutingHeaderType2,
)
from mipviz.model.messages import (
    TunnelEncapsulationLimit as TunnelEncapsulationLimit,
)
from mipviz.model.messages import (
    UDPDatagram as UDPDatagram,
)
from mipviz.model.messages import (
    UnknownDestinationOption as UnknownDestinationOption,
)
from mipviz.model.messages import (
    UnknownICMPv6 as UnknownICMPv6,
)
from mipviz.model.messages import (
    UnknownMobilityMessage as UnknownMobilityMessage,
)
from mipviz.model.messages import (
    UnknownMobilityOption as UnknownMobilityOption,
)
from mipviz.model.messages import (
    UnknownPayload as UnknownPayload,
)
from mipviz.model.messages import (
    mh_type_of as mh_type_of,
)
