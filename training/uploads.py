"""Training's uploads (session photos, conversion evidence), checked by ``yiguoji.files``."""

from yiguoji.files import IMAGES, SCANS

PHOTO_EXTENSIONS = IMAGES
EVIDENCE_EXTENSIONS = SCANS
