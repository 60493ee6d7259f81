"""Framework-free helpers: figures written in Chinese (``numbers``), quotes inside
their articles (``provenance``) and the official division tree (``gazetteer``). They
import nothing from Django or the rest of the project, and have their own tests in
tests/lib/."""
