from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

PLAIN_TEXT = "text/plain; charset=utf-8"


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('endpoints:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type=PLAIN_TEXT)


def security_txt(request):
    """RFC 9116: where to report a vulnerability (SECURITY_CONTACT in settings).
    Without a contact there is no file: a placeholder would send reports nowhere."""
    if not settings.SECURITY_CONTACT:
        raise Http404("SECURITY_CONTACT is not set")
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: zh, en",
        f"Canonical: {request.build_absolute_uri(reverse('endpoints:security-txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type=PLAIN_TEXT)


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever a page links: the
    static icon, under its hashed name in production."""
    return redirect(static("favicon.ico"))
