"""The message catalogs, one module per area (engine notes, UI chrome, quizzes, ...).

Each module defines ``MESSAGES: dict[str, dict[str, str]]``: message id to
``{"en": template, "ja": template}``. Ids are dotted and start with the area
(``engine.``, ``ui.``, ``quiz.``, ``rr.``, ``cli.`` ...) so two catalogs never collide;
:func:`mipviz.i18n.catalog` refuses a duplicate. Add a module here and it is found.
"""
