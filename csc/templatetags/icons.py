"""`{% icon "bell" %}`: the product's icons, drawn inline as SVG so they show on any machine, with no icon font, emoji
font or CDN (intranet-ready). Line icons on a 24-unit grid in the style of Feather (MIT), stroked in the text's
colour; decorative (aria-hidden) — the link or button around one carries the words.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PATHS = {
    "bell": '<path d="M18 8A6 6 0 0 0 6 8c0 7-3 9-3 9h18s-3-2-3-9"/><path d="M13.73 21a2 2 0 0 1-3.46 0"/>',
    "check": '<polyline points="20 6 9 17 4 12"/>',
    "x": '<line x1="18" y1="6" x2="6" y2="18"/><line x1="6" y1="6" x2="18" y2="18"/>',
    "question": '<circle cx="12" cy="12" r="10"/><path d="M9.09 9a3 3 0 0 1 5.83 1c0 2-3 3-3 3"/>'
    '<line x1="12" y1="17" x2="12.01" y2="17"/>',
    "warn": '<path d="M10.29 3.86L1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z"/>'
    '<line x1="12" y1="9" x2="12" y2="13"/><line x1="12" y1="17" x2="12.01" y2="17"/>',
    "recording": '<circle cx="12" cy="12" r="10"/><polygon points="10 8 16 12 10 16 10 8"/>',
    "phone": '<path d="M22 16.92v3a2 2 0 0 1-2.18 2 19.79 19.79 0 0 1-8.63-3.07 19.5 19.5 0 0 1-6-6 19.79 19.79 0 0 '
    "1-3.07-8.67A2 2 0 0 1 4.11 2h3a2 2 0 0 1 2 1.72c.13.96.36 1.9.7 2.81a2 2 0 0 1-.45 2.11L8.09 9.91a16 16 0 0 0 "
    '6 6l1.27-1.27a2 2 0 0 1 2.11-.45c.91.34 1.85.57 2.81.7A2 2 0 0 1 22 16.92z"/>',
    "clock": '<circle cx="12" cy="12" r="10"/><polyline points="12 6 12 12 16 14"/>',
    "chevron-down": '<polyline points="6 9 12 15 18 9"/>',
    "menu": '<line x1="3" y1="12" x2="21" y2="12"/><line x1="3" y1="6" x2="21" y2="6"/>'
    '<line x1="3" y1="18" x2="21" y2="18"/>',
}


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """The named icon; with `label` it is announced (role=img) instead of hidden from screen readers."""
    paths = mark_safe(PATHS[name])  # noqa: S308  the constant drawings above, no user input
    if label:
        return format_html(
            '<svg class="icon icon-{}" role="img" aria-label="{}" viewBox="0 0 24 24" width="1em" height="1em" '
            'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
            "<title>{}</title>{}</svg>",
            name,
            label,
            label,
            paths,
        )
    return format_html(
        '<svg class="icon icon-{}" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="1em" height="1em" '
        'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        name,
        paths,
    )
