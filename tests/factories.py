"""Records the project-wide tests need from several apps."""


def guidance_enquiry(**fields):
    """An advisory enquiry as the public form submits it, unconfirmed; ``fields`` override."""
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
    return services.submit_enquiry(data=data)
