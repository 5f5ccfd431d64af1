"""Records the project-wide tests need from several apps."""


def guidance_enquiry(*, user=None, confirmed=False, **fields):
    """An advisory enquiry as the public form submits it (by ``user``, if signed in), its
    address confirmed if asked; ``fields`` override the form's."""
    from geography.models import Municipality
    from guidance import services
    from guidance.models import RequesterType, Topic

    data = {
        "requester_type": RequesterType.MUNICIPALITY,
        "name": "Mette Jensen",
        "organisation": "Odense Kommune",
        "municipality": Municipality.objects.get(name="Odense"),
        "email": "spoerger@example.dk",
        "phone": "",
        "topics": [Topic.EMPLOYMENT],
        "question": "Hvordan bruger vi sociale klausuler?",
        "preferred_contact": "email",
        "consent": True,
        **fields,
    }
    enquiry = services.submit_enquiry(data=data, by=user)
    if confirmed:
        services.confirm_email(enquiry)
    return enquiry
