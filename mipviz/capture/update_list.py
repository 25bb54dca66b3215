"""The sender's side of a binding: its Binding Update List (RFC 6275 §11.1), which an update
enters at once, waiting for its acknowledgement (the A flag, §11.7.1) — a home registration
(H), a proxy one (P, RFC 5213 §6.9.1.1), an HMIPv6 local one (M, RFC 5380), a fast one
(RFC 5568), or a correspondent's (route optimisation, §11.7.2)."""

from __future__ import annotations

from mipviz.capture.pending import PendingUpdate, UpdateNames
from mipviz.capture.roles import address_text
from mipviz.capture.says import say
from mipviz.capture.signals import Signal
from mipviz.capture.state import node_label
from mipviz.i18n import msg

_WHAT = {name: say(f"capture.bu.what.{name}")() for name in (
    "deregistration_zero", "deregistration_home", "proxy", "home", "local", "fast",
    "correspondent")}
_BU_SENT = say("capture.bu.sent")


class UpdateListReplay(UpdateNames):
    """Updates into their sender's Binding Update List (see the module docstring)."""

    def _sender_list(self, signal: Signal, pending: PendingUpdate) -> None:
        """The update enters the sender's Binding Update List (RFC 6275 §11.1)."""
        book = self.book
        sender = self._sender_name(pending)
        receiver = node_label(self.roles, pending.receiver_address)
        home_registration = "H" in pending.flags or "P" in pending.flags
        agent = pending.agent_registration
        if pending.deregistration:
            state = "deregistering" if agent else "deleting"
            what = _WHAT["deregistration_zero" if pending.lifetime == 0
                         else "deregistration_home"]
        else:
            state = "registering" if agent else "binding"
            if agent and self._refreshes(sender, pending):
                state = "refreshing"  # the same care-of address again (RFC 6275 11.7.1)
            what = _WHAT["proxy" if "P" in pending.flags
                         else "home" if "H" in pending.flags
                         else "local" if "M" in pending.flags
                         else "fast" if pending.fast else "correspondent"]
        who = self._identity_text(pending)
        if pending.foreign:
            sender = None  # not the mobile node's: its list is left alone
        book.event(signal.ordinal, sender or address_text(pending.sender_address), "send",
                   _BU_SENT(what=what, sequence=pending.sequence, receiver=receiver, who=who,
                            care_of=address_text(pending.care_of_address),
                            lifetime=pending.lifetime))
        if sender is None:
            return
        if home_registration:
            self._drop_abandoned(sender, pending, signal.ordinal)
        # a binding the sender holds still runs until the new one is acknowledged
        held = book.lists.get(sender, {}).get((pending.receiver_address, pending.identity))
        if held is not None and pending.names_bids_only:
            # RFC 5648 5.3, 5.7: one sequence space towards the home agent, but the entry
            # goes on holding the home registration (the bulk one's care-of address)
            book.change_list_entry(sender, pending.receiver_address, pending.identity,
                                   {"sequence": pending.sequence}, signal.ordinal)
            return
        book.set_list_entry(sender, pending.receiver_address, pending.identity, {
            "peer": receiver, "peer_address": pending.receiver_address,
            "home_address": pending.listed_address,
            "care_of_address": pending.care_of_address, "lifetime": pending.lifetime,
            "expires": held["expires"] if held is not None else 0,
            "sequence": pending.sequence, "state": state,
            "home_registration": home_registration,
        }, signal.ordinal)

    def _drop_abandoned(self, sender: str, pending: PendingUpdate, ordinal: int) -> None:
        """A home registration for the same home address sent to another home agent ends
        the sender's entries there that hold no binding (never acknowledged, or run out:
        RFC 6275 11.1): the node gave up on that home agent (11.8, 11.4.1). An entry that
        still holds a binding runs on until its lifetime ends."""
        for (peer, identity), entry in list(self.book.lists.get(sender, {}).items()):
            if (identity == pending.identity and peer != pending.receiver_address
                    and entry["home_registration"] and entry["expires"] == 0
                    and entry["state"] in ("registering", "refreshing")):
                self.book.remove_list_entry(sender, peer, identity, ordinal)
                self.book.event(ordinal, sender, "cache", msg(
                    "capture.lifetimes.list_entry_given_up",
                    peer=f"{entry['peer']} ({address_text(peer)})",
                    home_agent=address_text(pending.receiver_address)))

    def _refreshes(self, sender: str | None, pending: PendingUpdate) -> bool:
        """A home registration that renews the binding the sender holds: its list entry is
        registered (or already refreshing) for the same care-of address."""
        if sender is None:
            return False
        entry = self.book.lists.get(sender, {}).get((pending.receiver_address,
                                                     pending.identity))
        return (entry is not None and entry["state"] in ("registered", "refreshing")
                and entry["care_of_address"] == pending.care_of_address)
