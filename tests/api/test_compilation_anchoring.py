"""Which amendments a revision's compilation holds, in the API and in its exports alike."""

from __future__ import annotations

from tests.support.worlds import World


def test_compilation_holds_amendments_still_applying_from_earlier_revisions(
        world: World) -> None:
    cofac = world["cofac"]
    on_op1 = world.propose("mex", unit="op1",
                           text="We commit to cooperate on safe and orderly return [and "
                                "regional] frameworks.")
    on_op2 = world.propose("che", unit="op2", text="We further commit to review progress.")
    # Rev.1 rewrites op2 only: Mexico's amendment still applies to Rev.1 as it stands.
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
             {"base_version": world.working_version(),
              "text": "We further commit to review progress every two years."})
    cofac.ok("POST", f"{world.d}/revisions", {"base_version": world.working_version()},
             status=201)
    compiled = cofac.ok("GET", f"{world.d}/revisions/1/compilation")
    assert "MEX" in compiled["text"]
    # In conflict with Rev.1: not inlined there, but shown beside its paragraph, both texts.
    assert '[conflicts - CHE: "We further commit to review progress." proposed on "We ' \
           'further commit to review progress every four years."]' in compiled["text"]
    assert "CHE" in cofac.ok("GET", f"{world.d}/revisions/0/compilation")["text"]
    assert world["che"].ok("GET", f"/amendments/{on_op2['id']}")["carried"]["outcome"] == \
        "conflicts"
    # The text export is the same compilation, with delegations' names.
    exported = cofac.client.get(f"/api/v1{world.d}/revisions/1/compilation/export",
                                query_string={"format": "text"},
                                headers={"Authorization": f"Bearer {cofac.token}"})
    assert exported.status_code == 200
    body = exported.get_data(as_text=True)
    assert "Mexico" in body and "[conflicts - Switzerland: " in body
    assert on_op1["id"] != on_op2["id"]
