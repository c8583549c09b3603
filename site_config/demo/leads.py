"""The demo publication's leads: an upcoming webinar taking registrations
(an article with an event block) and a white paper behind a form (a document
in a private collection). Called from ``DemoBuilder.build``."""

import datetime
import json
import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from articles.models import ArticlePage
from leads.models import ResourcePage

EVENT_SLUG = "webinaire-abm-en-pratique"
WHITE_PAPER_SLUG = "livre-blanc-abm"
PRIVATE_COLLECTION = "Ressources réservées"


def _pdf(title):
    """A one-page PDF saying ``title`` (enough for a reader's viewer)."""
    text = title.encode("latin-1", "replace")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def ensure_demo_event(builder, article_index):
    """An article announcing a webinar three weeks ahead, registration open."""

    def build():
        start = timezone.localdate() + datetime.timedelta(days=21)
        event = {
            "title": "Webinaire : l'ABM en pratique",
            "start_date": start.isoformat(),
            "start_time": "11:00:00",
            "end_date": None,
            "end_time": "12:00:00",
            "time_zone": "Europe/Paris",
            "online": True,
            "place": "",
            "description": "<p>Une heure pour passer de la théorie aux comptes cibles.</p>",
            "speakers": [],
            "agenda": ["Choisir ses comptes cibles", "Aligner marketing et ventes"],
            "registration_url": "",
            "registration": {
                "enabled": True,
                "capacity": 50,
                "closes_at": None,
                "ask_company": True,
                "ask_job_title": True,
                "ask_phone": False,
                "questions": ["Quelle question voulez-vous poser aux intervenants ?"],
            },
        }
        return ArticlePage(
            title="Webinaire : l'ABM en pratique",
            standfirst="Inscrivez-vous à notre prochain webinaire sur l'account-based marketing.",
            body=json.dumps(
                [{"type": "event", "value": event, "id": str(uuid.uuid4())}]
            ),
            publication_date=timezone.localdate(),
            category=builder.categories.get("evenementiel"),
            hero_image=builder.image("une-webinaire-abm"),
        )

    return builder.ensure_child(
        article_index, ArticlePage, EVENT_SLUG, build, "article"
    )


def ensure_demo_white_paper(builder, home):
    """A white paper in a private collection, offered behind a form."""

    def build():
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=PRIVATE_COLLECTION).first()
        if collection is None:
            collection = root.add_child(name=PRIVATE_COLLECTION)
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.LOGIN
            )
        title = "Livre blanc : réussir son ABM"
        document = get_document_model().objects.create(
            title=title,
            collection=collection,
            file=ContentFile(_pdf(title), name="livre-blanc-abm.pdf"),
        )
        return ResourcePage(
            title=title,
            intro="<p>Vingt pages de méthode et d'exemples pour lancer un programme ABM.</p>",
            document=document,
        )

    return builder.ensure_child(home, ResourcePage, WHITE_PAPER_SLUG, build, "resource")
