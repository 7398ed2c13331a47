"""
Who may act as staff right now: the one rule for the admin (guzman_portal.admin) and for the
staff-only parts of public views (previews of drafts, private PQRSD attachments).

An active staff account is not enough where two-factor login is required
(OTP_REQUIRED_FOR_STAFF, on in production): the session must also have been opened with the
staff member's second factor (django-otp marks it verified). A password alone, or a session of
a staff member who has not enrolled a device yet, sees what a citizen sees.
"""

from django.conf import settings


def verified_staff(user) -> bool:
    """True for an active staff account whose session passed the second factor when required."""
    if not (user.is_active and user.is_staff):
        return False
    if not settings.OTP_REQUIRED_FOR_STAFF:
        return True
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(is_verified and is_verified())
