"""Admin login lockout: django-axes with a limit per account at an address and a
higher one per address, reading the client's address through trusted proxies only."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class AccountAtAddressHandler(AxesDatabaseHandler):
    """Two limits where django-axes has one (its maintainers' advice for this,
    jazzband/django-axes#661). AXES_LOCKOUT_PARAMETERS gives the two counts, the
    account at the address first, then the address: AXES_FAILURE_LIMIT failures lock
    an account at one address, and LOGIN_FAILURE_LIMIT_PER_ADDRESS failures, whatever
    the accounts, lock the address. One limit for both would lock a whole office
    behind one address after a few colleagues' typos."""

    def get_failures(self, request, credentials=None) -> int:
        at_address, from_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if from_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # django-axes compares this count with AXES_FAILURE_LIMIT.
            return max(at_address, settings.AXES_FAILURE_LIMIT)
        return at_address

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A sign-in clears that account's failures at that address only: the other
        accounts tried from the address still count against it."""
        at_address = self.filter_user_attempts(request, credentials)[0]
        return at_address.delete()[0]


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind PROXY_COUNT reverse proxies the address that the
    outermost one added to X-Forwarded-For. Each proxy appends the address it was
    connected from, so only the last PROXY_COUNT entries come from our proxies;
    anything left of them was sent by the client and may be forged."""
    connected = request.META.get("REMOTE_ADDR")
    if not settings.PROXY_COUNT:
        return connected
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < settings.PROXY_COUNT:
        return connected
    try:
        return str(ipaddress.ip_address(forwarded[-settings.PROXY_COUNT].strip()))
    except ValueError:
        return connected
