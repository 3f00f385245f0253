import json
from tests.driver import World


def test_probe(world: World) -> None:
    src = "# Global Compact\n\nPreamble\n\nWe, the Heads of State, have gathered.\n\n## Objective 1: Return\n\n1. We commit to cooperate.\n   (a) Develop frameworks;\n   (b) Assist returnees.\n2. We review progress.\n"
    r = world["cofac"].post(f"{world.p}/documents/import", {"format": "markdown", "source": src})
    print(json.dumps(r.body, indent=1, ensure_ascii=False))
    r = world["cofac"].post(f"{world.p}/documents/import", {"format": "markdown", "source": src, "preview": False, "title": "Imported"})
    print(r.status, json.dumps(r.body, ensure_ascii=False)[:600])
    assert False
