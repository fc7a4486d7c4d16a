"""Author HTML reaches the SCO pages without anything that runs."""

import pytest

from scorm_export.sanitize import sanitize_html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Bonjour <script>alert(1)</script>à tous</p>", "<p>Bonjour à tous</p>"),
        ('<p onclick="x()" style="color:red">Texte</p>', "<p>Texte</p>"),
        ('<a href="javascript:alert(1)">lien</a>', "<a>lien</a>"),
        (  # a link leaves the SCO in a new tab: leaving its page would end the LMS session
            '<a href="https://www.francetravail.fr" target="_top">FT</a>',
            '<a href="https://www.francetravail.fr" target="_blank"'
            ' rel="noopener noreferrer">FT</a>',
        ),
        ('<a href="#plan">Plan</a>', '<a href="#plan">Plan</a>'),
        ('<img src=x onerror="alert(1)"><b>gras</b>', "<b>gras</b>"),
        ("<iframe src='https://x'></iframe><p>après</p>", "<p>après</p>"),
        ("<style>p{}</style><h3>Titre</h3>", "<h3>Titre</h3>"),
        ('<th scope="col" onmouseover="x">Col</th>', '<th scope="col">Col</th>'),
        ("<custom>garde le texte</custom>", "garde le texte"),
        ("", ""),
    ],
)
def test_only_safe_markup_remains(dirty, clean):
    assert sanitize_html(dirty) == clean
