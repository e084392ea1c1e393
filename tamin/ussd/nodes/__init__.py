"""The menu tree: one module per branch of the main menu; importing this package registers
every node (`base.NODES`)."""

from tamin.ussd.nodes import (  # noqa: F401 - each module registers its nodes
    appointments,
    content,
    inquiries,
    main,
    payment,
    questions,
    services_menu,
)
from tamin.ussd.nodes.base import NODES, Node

__all__ = ["NODES", "Node"]
