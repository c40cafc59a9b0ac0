"""One result model rendered: terminal text, HTML, JSON, figures and their templates."""
