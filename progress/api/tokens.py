"""API tokens: issued by the token endpoint (config/api.py), valid for API_TOKEN_DAYS from
their issue, and deleted when their user's password changes in any way (the admin, the
`changepassword` command, user_add, a reset): a token is as good as the password it was
issued for. Sessions die with a password change already (Django's session hash)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = "令牌已过期，请用用户名和密码重新获取（POST /api/v1/auth/token/）。"
    default_code = "token_expired"


def token_expired(token, now=None):
    lifetime = datetime.timedelta(days=settings.API_TOKEN_DAYS)
    return token.created + lifetime <= (now or timezone.now())


@transaction.atomic
def token_issue(*, user):
    """The user's token: the one they have while it is valid, else a new one."""
    token = Token.objects.select_for_update(of=("self",)).filter(user=user).order_by().first()
    if token is not None and not token_expired(token):
        return token
    if token is not None:
        token.delete()
    return Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, refused with 401 (code token_expired) once expired. The
    token, its user, the user's profile and unit come in one query: every API request asks
    for the role (progress/roles.py), and a reporter's for the unit."""

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user__profile__unit").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if token_expired(token):
            raise TokenExpired()
        return token.user, token


def tokens_revoke_on_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of the user model: a changed password hash deletes the user's token. (A hash
    rehashed by Django after an upgrade of its hasher counts too: the client asks again.)"""
    if raw or instance.pk is None or instance._state.adding:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    if stored and stored[0] != instance.password:
        Token.objects.filter(user_id=instance.pk).delete()
