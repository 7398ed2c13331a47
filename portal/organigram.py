"""
The organigram of an entity, drawn from its offices (`Office.parent`) and the heads marked in
the directory (`Official.is_head`). Only the geometry is computed here; the template
portal/includes/organigram.html draws the SVG and the nested list that describes it.
"""

from dataclasses import dataclass, field

from .models import Official

ROW_HEIGHT = 64
BOX_HEIGHT = 52
BOX_WIDTH = 440
INDENT = 36
MAX_CHARS = 52


def shorten(text, limit=MAX_CHARS):
    """SVG text does not wrap: long names are cut (the full name is in the list and title)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Node:
    name: str
    head: Official | None = None
    head_label: str = ""
    office: object = None
    children: list = field(default_factory=list)
    depth: int = 0
    row: int = 0

    # Geometry of the box and of the line from the parent's box, in SVG units.
    @property
    def x(self):
        return 1 + self.depth * INDENT

    @property
    def y(self):
        return 1 + self.row * ROW_HEIGHT

    @property
    def width(self):
        return BOX_WIDTH

    @property
    def height(self):
        return BOX_HEIGHT

    @property
    def text_x(self):
        return self.x + 12

    @property
    def name_y(self):
        return self.y + 22

    @property
    def head_y(self):
        return self.y + 42

    @property
    def short_name(self):
        return shorten(self.name)

    @property
    def short_head(self):
        return shorten(self.head_text, MAX_CHARS + 8)

    @property
    def head_text(self):
        if self.head:
            return f"{self.head_label or self.head.position}: {self.head.name}"
        return "Sin jefe registrado en el directorio"


@dataclass
class Connector:
    x: int
    top: int
    bottom: int
    end: int


@dataclass
class Organigram:
    entity: object
    root: Node
    nodes: list
    connectors: list
    width: int
    height: int

    @property
    def head(self):
        return self.root.head


class EntityHead:
    """The entity's head when the directory has none: the name written on the entity."""

    def __init__(self, name, position):
        self.name, self.position = name, position


def build(entity, offices=None, heads=None):
    """
    The organigram of `entity`. `offices` (the entity's offices, in order) and `heads` ({office
    id: the office's head}) may be passed when the caller already loaded them; otherwise two
    queries load them.
    """
    if offices is None:
        offices = list(entity.offices.all())
    if heads is None:
        heads = heads_by_office(entity)
    ids = {office.pk for office in offices}
    children = {}
    for office in offices:
        parent = office.parent_id if office.parent_id in ids else None
        children.setdefault(parent, []).append(office)

    root_offices = children.get(None, [])
    top_head = heads.get(root_offices[0].pk) if root_offices else None
    if top_head is None and entity.head_name:
        top_head = EntityHead(entity.head_name, entity.head_title)
    root = Node(name=entity.name, head=top_head, head_label=entity.head_title)

    nodes, seen = [root], set()

    def attach(parent_node, office_list, depth):
        for office in office_list:
            if office.pk in seen:
                continue
            seen.add(office.pk)
            node = Node(name=office.name, head=heads.get(office.pk), office=office, depth=depth)
            node.row = len(nodes)
            nodes.append(node)
            parent_node.children.append(node)
            attach(node, children.get(office.pk, []), depth + 1)

    attach(root, root_offices, 1)
    # Offices caught in a loop of parents (the admin forbids it) still appear, under the root.
    attach(root, [office for office in offices if office.pk not in seen], 1)

    connectors = []
    for node in nodes:
        for child in node.children:
            connectors.append(
                Connector(
                    x=node.x + INDENT // 2,
                    top=node.y + BOX_HEIGHT,
                    bottom=child.y + BOX_HEIGHT // 2,
                    end=child.x,
                )
            )
    depth = max(node.depth for node in nodes)
    return Organigram(
        entity=entity,
        root=root,
        nodes=nodes,
        connectors=connectors,
        width=2 + depth * INDENT + BOX_WIDTH,
        height=2 + len(nodes) * ROW_HEIGHT - (ROW_HEIGHT - BOX_HEIGHT),
    )


def heads_by_office(entity):
    """{office id: its active head} for the entity's offices, in one query."""
    heads = Official.objects.active().filter(office__entity=entity, is_head=True)
    return {official.office_id: official for official in heads}
