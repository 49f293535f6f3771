"""archgen: system designs as YAML specs, rendered to diagrams and R.A.I.L.S write-ups."""

__version__ = "0.1.0"
