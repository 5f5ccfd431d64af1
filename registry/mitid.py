"""Sign-in with MitID Erhverv: the broker's token names the CVR number the person acts for.

allauth's ``openid_connect`` provider does the protocol (settings: ``SOCIALACCOUNT_PROVIDERS``);
this adapter turns the CVR claim into an approved representation, for a new account as soon as
it is saved and for a known one at every sign-in.
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from stdnum.dk import cvr as stdnum_cvr

from registry.services import representatives


def cvr_from_claims(sociallogin) -> str | None:
    """The valid CVR number in the token's userinfo or ID token, if the broker sent one."""
    if sociallogin.account.provider != settings.MITID_ERHVERV_PROVIDER_ID:
        return None
    data = sociallogin.account.extra_data or {}
    for part in (data.get("userinfo") or {}, data.get("id_token") or {}):
        for claim in settings.MITID_ERHVERV_CVR_CLAIMS:
            value = stdnum_cvr.compact(str(part.get(claim) or ""))
            if stdnum_cvr.is_valid(value):
                return value
    return None


class MitIDErhvervAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing:
            _grant(sociallogin)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        _grant(sociallogin)
        return user


def _grant(sociallogin) -> None:
    cvr = cvr_from_claims(sociallogin)
    if cvr:
        representatives.grant_by_mitid(cvr, by=sociallogin.user)
