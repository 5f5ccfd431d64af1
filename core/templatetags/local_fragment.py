"""``{% local_fragment "name" vary… %}…{% endlocal_fragment %}``: a part rendered once per process.

For the parts of the layout that every page repeats and no content changes: the header and its
navigation, the footer, the links to static files. Rendering them cost about a third of an
uncached page. The part is kept per release, language and the values it varies on (see
``core.page_cache.LocalFragments``); it must not show anything else from the context: no user's
name, no CSRF token, no nonce, nothing from the database.
"""

from django import template
from django.utils.translation import get_language

from core.page_cache import local_fragments

register = template.Library()


class LocalFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary_on: list):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        key = (self.name, get_language(), *(value.resolve(context) for value in self.vary_on))
        return local_fragments.get_or_render(key, lambda: self.nodelist.render(context))


@register.tag
def local_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name, then what it varies on")
    nodelist = parser.parse(("endlocal_fragment",))
    parser.delete_first_token()
    return LocalFragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])
