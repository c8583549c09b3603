"""Leads test helpers: an article announcing an event that takes
registrations, a real SMTP server and a real HTTP server receiving webhooks."""

import datetime
import http.server
import json
import socket
import threading

from django.utils import timezone

from tests.factories import ArticlePageFactory
from tests.factories_articles import event_value

EVENT_BLOCK_ID = "5f1c1e9e-0e6b-4a4e-9d0c-2a8f8f0c1a01"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def event_article(
    parent,
    *,
    capacity=2,
    days_ahead=10,
    closes_at=None,
    questions=(),
    slug=None,
    **registration,
):
    start = (timezone.now() + datetime.timedelta(days=days_ahead)).date()
    value = event_value(
        start_date=start.isoformat(),
        registration={
            "enabled": True,
            "capacity": capacity,
            "closes_at": closes_at,
            "ask_company": True,
            "ask_job_title": True,
            "ask_phone": False,
            "questions": list(questions),
            **registration,
        },
    )
    return ArticlePageFactory(
        parent=parent,
        title="Article avec événement",
        **({"slug": slug} if slug else {}),
        body=json.dumps([{"type": "event", "id": EVENT_BLOCK_ID, "value": value}]),
    )


def make_resource(parent, pdf=b"%PDF-1.4 the white paper"):
    """A published gated resource page whose document is in a private
    collection (login required: only the signed link serves it)."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    from leads.models import ResourcePage

    private = Collection.get_first_root_node().add_child(name="Gated")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Livre blanc",
        collection=private,
        file=ContentFile(pdf, name="livre-blanc.pdf"),
    )
    page = ResourcePage(title="Livre blanc ABM", slug="livre-blanc", document=document)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def registration_data(email="anne@example.com", **overrides):
    data = {
        "name": "Anne Roux",
        "email": email,
        "company": "Acme",
        "job_title": "CMO",
        "phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


class SMTPServer:
    """aiosmtpd on a free local port, keeping the messages it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                import email

                server.messages.append(email.message_from_bytes(envelope.content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class WebhookReceiver:
    """An HTTP server in a thread answering the statuses given in turn (the
    last one repeated), keeping each request's headers and body."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                index = min(len(receiver.requests), len(receiver.statuses)) - 1
                self.send_response(receiver.statuses[index])
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
