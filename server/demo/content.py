"""The demo negotiation: a fictional compact on human mobility, from consultation to Rev.2.

Pure data. Every sentence of the consultation inputs, summaries, draft text and amendments is
original prose written for the demo; it is modelled on the register of United Nations
negotiations but copies no real document. Delegations bear real names; the positions given to
them are invented.

The loader reads these constants mechanically, so the rules it relies on (references exist,
revisions apply cleanly, amendment states fit their revision) are checked by
`check_consistency()` at the bottom of this module.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

# ---------------------------------------------------------------------------------------------
# Shapes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoPerson:
    email: str  # e.g. "cofac.ferrer@accord.example" -- all under accord.example
    name: str
    role: Literal["co_facilitator", "secretariat", "delegate", "observer"]
    delegation: str | None = None  # delegation code for delegates
    focal_point: bool = False


@dataclass(frozen=True, slots=True)
class DemoDelegation:
    code: str  # short stable code: "MEX", "EU", "AFRICAN_GROUP", "G77"
    name: str
    kind: Literal["state", "group", "organisation"]
    members: tuple[str, ...] = ()  # for groups: codes of member delegations (defined too)


@dataclass(frozen=True, slots=True)
class DemoCluster:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class DemoUnit:
    key: str  # stable key, e.g. "pp1", "obj3", "obj3_c", "obj3_c_a"
    kind: Literal["preamble", "section", "paragraph", "subparagraph"]
    number: str | None  # display number in the zero draft; None for headings and containers
    text: str  # paragraph text ("" for pure containers)
    heading: str | None = None  # for the preamble and sections
    parent: str | None = None  # key of the parent unit, None at top level


@dataclass(frozen=True, slots=True)
class DemoEdit:
    """A co-facilitators' edit of the working copy between two revisions."""

    op: Literal["edit", "insert_after", "delete", "status"]
    unit: str  # key of the unit edited / deleted / inserted after / status set
    text: str | None = None  # new text for edit / insert_after
    new_key: str | None = None  # for insert_after: key of the new unit
    number: str | None = None  # for insert_after or renumbering: new display number ("12 bis")
    kind: str | None = None  # for insert_after: unit kind
    status: Literal["open", "agreed_informals", "agreed_ad_ref", "adopted"] | None = None


@dataclass(frozen=True, slots=True)
class DemoInput:
    cluster: str  # cluster key
    author: str  # email of a DemoPerson (delegate or observer)
    kind: Literal["written_contribution", "statement"]
    title: str
    body: str  # 80-200 words


@dataclass(frozen=True, slots=True)
class DemoSummary:
    kind: Literal["session", "stocktaking"]
    cluster: str | None  # cluster key for session summaries, None for stocktaking
    title: str
    body: str  # 100-250 words


@dataclass(frozen=True, slots=True)
class DemoAmendment:
    key: str
    delegation: str  # proposing delegation (a group's coordinator proposes as the group)
    author: str  # email of the delegate who drafted it (belongs to that delegation)
    revision: int  # 0 = Zero draft, 1 = Rev.1, 2 = Rev.2: the revision it targets
    unit: str  # target unit key (for "add_unit": the unit it follows)
    kind: Literal["change_words", "add_unit", "delete_unit", "alternative", "retain", "reservation"]
    text: str | None = None  # full proposed text (change_words, alternative, add_unit)
    justification: str = ""
    co_proponents: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()  # delegation codes
    opposers: tuple[str, ...] = ()
    state: Literal[
        "draft", "submitted", "withdrawn", "reflected", "merged", "not_reflected", "overtaken"
    ] = "submitted"


# ---------------------------------------------------------------------------------------------
# The process
# ---------------------------------------------------------------------------------------------

PROCESS_TITLE = (
    "Intergovernmental negotiations on the Global Compact on Safe, Orderly and Regular "
    "Human Mobility"
)
PROCESS_SLUG = "human-mobility-compact"
DOCUMENT_TITLE = "Global Compact on Safe, Orderly and Regular Human Mobility"

REV1_LABEL = "Rev.1"
REV2_LABEL = "Rev.2"

CLUSTERS: tuple[DemoCluster, ...] = (
    DemoCluster(
        key="human_rights",
        name=(
            "Human rights of all migrants, social inclusion and cohesion, and all forms of "
            "discrimination, including racism, xenophobia and intolerance"
        ),
    ),
    DemoCluster(
        key="drivers",
        name=(
            "Addressing the drivers of migration, including the adverse effects of climate "
            "change, natural disasters and human-made crises, through protection, assistance, "
            "sustainable development and poverty eradication"
        ),
    ),
    DemoCluster(
        key="cooperation",
        name=(
            "International cooperation and the governance of migration in all its dimensions, "
            "including at borders and in transit, entry, return, readmission, integration and "
            "reintegration"
        ),
    ),
    DemoCluster(
        key="contributions",
        name=(
            "Contributions of migrants and diasporas to all dimensions of sustainable "
            "development, including remittances and the portability of earned benefits"
        ),
    ),
    DemoCluster(
        key="smuggling",
        name=(
            "Smuggling of migrants, trafficking in persons and contemporary forms of slavery, "
            "including the identification, protection and assistance of migrants and victims"
        ),
    ),
    DemoCluster(
        key="pathways",
        name=(
            "Irregular migration and regular pathways, including decent work, labour mobility "
            "and the recognition of skills and qualifications"
        ),
    ),
)

DELEGATIONS: tuple[DemoDelegation, ...] = (
    DemoDelegation(code="MEX", name="Mexico", kind="state"),
    DemoDelegation(code="CHE", name="Switzerland", kind="state"),
    DemoDelegation(code="DEU", name="Germany", kind="state"),
    DemoDelegation(code="HUN", name="Hungary", kind="state"),
    DemoDelegation(code="RUS", name="Russian Federation", kind="state"),
    DemoDelegation(code="MAR", name="Morocco", kind="state"),
    DemoDelegation(code="NGA", name="Nigeria", kind="state"),
    DemoDelegation(code="BGD", name="Bangladesh", kind="state"),
    DemoDelegation(code="PHL", name="Philippines", kind="state"),
    DemoDelegation(code="CHN", name="China", kind="state"),
    DemoDelegation(code="EU", name="European Union", kind="organisation", members=("DEU", "HUN")),
    DemoDelegation(
        code="AFRICAN_GROUP", name="African Group", kind="group", members=("MAR", "NGA")
    ),
    DemoDelegation(
        code="G77",
        name="Group of 77 and China",
        kind="group",
        members=("MAR", "NGA", "BGD", "PHL", "CHN"),
    ),
)

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("cofac.ferrer@accord.example", "Lucía Ferrer Montalvo", "co_facilitator"),
    DemoPerson("cofac.lindqvist@accord.example", "Tomas Lindqvist", "co_facilitator"),
    DemoPerson("secretariat@accord.example", "Amara Diallo-Hughes", "secretariat"),
    # One focal point per delegation; a second delegate for four of them.
    DemoPerson("focal.mex@accord.example", "Mariana Cárdenas Olvera", "delegate", "MEX", True),
    DemoPerson("delegate.mex@accord.example", "Rodrigo Esquivel Tapia", "delegate", "MEX"),
    DemoPerson("focal.che@accord.example", "Lukas Brunner", "delegate", "CHE", True),
    DemoPerson("focal.deu@accord.example", "Katharina Vogelsang", "delegate", "DEU", True),
    DemoPerson("focal.hun@accord.example", "Gergely Szalai", "delegate", "HUN", True),
    DemoPerson("focal.rus@accord.example", "Anton Beloglazov", "delegate", "RUS", True),
    DemoPerson("focal.mar@accord.example", "Salma Bennani", "delegate", "MAR", True),
    DemoPerson("focal.nga@accord.example", "Ifeoma Nwachukwu", "delegate", "NGA", True),
    DemoPerson("focal.bgd@accord.example", "Tahmina Rahman Chowdhury", "delegate", "BGD", True),
    DemoPerson("focal.phl@accord.example", "Maria Luisa Dizon", "delegate", "PHL", True),
    DemoPerson("delegate.phl@accord.example", "Jose Ramon Villaruel", "delegate", "PHL"),
    DemoPerson("focal.chn@accord.example", "Wang Lixin", "delegate", "CHN", True),
    DemoPerson("focal.eu@accord.example", "Sophie Vandermeulen", "delegate", "EU", True),
    DemoPerson("delegate.eu@accord.example", "Pieter Janssens", "delegate", "EU"),
    DemoPerson(
        "focal.african-group@accord.example",
        "Aminata Traoré-Keita",
        "delegate",
        "AFRICAN_GROUP",
        True,
    ),
    DemoPerson(
        "delegate.african-group@accord.example", "Kwame Osei-Mensah", "delegate", "AFRICAN_GROUP"
    ),
    DemoPerson("focal.g77@accord.example", "Rafael Quispe Mamani", "delegate", "G77", True),
    # Observers: a United Nations agency, a civil society coalition and the press.
    DemoPerson("observer.iom@accord.example", "Ingrid Halvorsen", "observer"),
    DemoPerson("observer.ngo@accord.example", "Camille Ndiaye", "observer"),
    DemoPerson("press@accord.example", "Daniel Okoro-Reyes", "observer"),
)

# ---------------------------------------------------------------------------------------------
# Consultation phase
# ---------------------------------------------------------------------------------------------

INPUTS: tuple[DemoInput, ...] = (
    DemoInput(
        cluster="human_rights",
        author="focal.mex@accord.example",
        kind="statement",
        title="Statement by Mexico: placing the human rights of migrants at the centre",
        body=(
            "Mexico welcomes the opportunity to open this first informal thematic session. Our "
            "experience as a country of origin, transit, destination and return teaches us that "
            "mobility cannot be governed effectively if the rights of the people who move are "
            "treated as an afterthought. We therefore call for a compact that is people-centred "
            "from its first paragraph to its last. Every migrant, regardless of status, must "
            "have access to justice, to emergency health care and to basic education for their "
            "children. Detention should be used only as a last resort, and never for children. "
            "We also ask that the compact confront the rhetoric that dehumanizes migrants, by "
            "encouraging evidence-based public discourse and independent reporting. Mexico "
            "stands ready to share its consular protection practices with all delegations."
        ),
    ),
    DemoInput(
        cluster="human_rights",
        author="observer.ngo@accord.example",
        kind="written_contribution",
        title="Civil society submission: firewalls between public services and enforcement",
        body=(
            "This submission is made on behalf of a coalition of more than forty migrant-led "
            "and community organizations. Our members report that migrants in an irregular "
            "situation routinely avoid hospitals, schools, police stations and labour "
            "inspectorates because they fear that any contact with a public authority will lead "
            "to detention or removal. As a result, crimes go unreported, outbreaks go undetected "
            "and exploitative employers go unpunished. We urge States to commit to a clear "
            "separation, or firewall, between the provision of essential services and the "
            "enforcement of immigration rules. Such arrangements already exist in several "
            "cities and have not weakened border management. We further recommend that the "
            "compact recognize the role of local authorities and that migrants themselves be "
            "consulted in the design of the follow-up mechanism."
        ),
    ),
    DemoInput(
        cluster="drivers",
        author="observer.iom@accord.example",
        kind="written_contribution",
        title="Disaster displacement and slow-onset environmental change: evidence for the compact",
        body=(
            "Each year, sudden-onset disasters displace millions of people within and across "
            "borders, and the gradual effects of environmental degradation add to the pressure "
            "on livelihoods in many regions. Most of this movement remains internal, but "
            "cross-border movement is growing and is poorly covered by existing frameworks. Our "
            "agency recommends that the compact, first, integrate mobility considerations into "
            "disaster risk reduction and climate adaptation planning; second, encourage States "
            "to develop humanitarian admission or temporary stay arrangements for people who "
            "cannot return after a disaster; third, support planned relocation only as a last "
            "resort and with the full participation of affected communities; and fourth, invest "
            "in data systems that distinguish between the different forms of environmentally "
            "related mobility. We stand ready to provide technical support in each of these areas."
        ),
    ),
    DemoInput(
        cluster="drivers",
        author="focal.bgd@accord.example",
        kind="statement",
        title="Statement by Bangladesh: climate vulnerability and the right to stay",
        body=(
            "For Bangladesh, the link between environmental change and human mobility is not an "
            "abstraction. Rising seas, salinity and more frequent cyclones are already reshaping "
            "the lives of millions of our citizens in coastal districts. Our first priority is "
            "that people should be able to remain in their communities in safety and dignity; "
            "for this, adaptation finance, technology transfer and investment in resilient "
            "livelihoods are indispensable. Where movement becomes unavoidable, it must be safe "
            "and regular. We therefore urge the co-facilitators to reflect the adverse effects "
            "of climate change explicitly in the zero draft, and to recognize that those who "
            "contributed least to the problem should not bear its heaviest costs."
        ),
    ),
    DemoInput(
        cluster="cooperation",
        author="focal.eu@accord.example",
        kind="statement",
        title="Statement on behalf of the European Union: borders, return and readmission",
        body=(
            "The European Union attaches great importance to a compact that strengthens "
            "cooperation across the entire migration cycle. Well-managed borders and effective, "
            "rights-based return are two sides of the same coin: together they sustain public "
            "confidence in regular pathways. We encourage all States to cooperate on the timely "
            "identification of their nationals and on the issuance of travel documents, and we "
            "are ready to support reintegration programmes that give returnees genuine prospects "
            "at home. At the same time, every return must respect due process, the principle of "
            "non-refoulement and the best interests of the child. We propose that the compact "
            "promote regional dialogues and joint training in border management, and that it "
            "build on existing readmission arrangements rather than create new institutions."
        ),
    ),
    DemoInput(
        cluster="cooperation",
        author="focal.mar@accord.example",
        kind="written_contribution",
        title="Contribution du Royaume du Maroc : coopération régionale et gouvernance",
        body=(
            "Le Royaume du Maroc, à la fois pays d'origine, de transit et de destination, "
            "souhaite que le futur pacte consacre une gouvernance des migrations fondée sur la "
            "responsabilité partagée et la solidarité. Notre expérience nationale montre que la "
            "régularisation, l'accès aux services de base et l'intégration sont compatibles avec "
            "une gestion ordonnée des frontières. Nous recommandons que le pacte renforce les "
            "processus consultatifs régionaux, soutienne la création d'observatoires régionaux "
            "des migrations et encourage l'échange de données entre États. Le Maroc propose "
            "également que la coopération Sud-Sud et la coopération triangulaire figurent parmi "
            "les moyens de mise en œuvre. Enfin, la gouvernance mondiale des migrations doit "
            "rester pilotée par les États, avec la participation active des collectivités "
            "locales et de la société civile."
        ),
    ),
    DemoInput(
        cluster="contributions",
        author="focal.phl@accord.example",
        kind="statement",
        title="Statement by the Philippines: remittances, overseas workers and their families",
        body=(
            "Millions of Filipinos work overseas, and the remittances they send sustain "
            "households, pay for education and cushion our economy in times of crisis. Yet too "
            "much of what they earn is lost to high transfer fees, unfair recruitment costs and "
            "exchange margins. The Philippines urges the compact to set a clear goal for "
            "lowering remittance costs, to promote competition and innovation in the transfer "
            "market, and to protect migrants from being denied access to bank accounts. We also "
            "underline that remittances are private money: they belong to migrants and their "
            "families and should never be treated as a substitute for development assistance. "
            "Finally, we call for the portability of social security entitlements, so that a "
            "lifetime of work abroad is not lost upon return."
        ),
    ),
    DemoInput(
        cluster="contributions",
        author="delegate.mex@accord.example",
        kind="written_contribution",
        title="Aportes de las diásporas al desarrollo sostenible",
        body=(
            "México considera que las diásporas son actores fundamentales del desarrollo "
            "sostenible, tanto en los países de origen como en los de destino. Además de las "
            "remesas, las comunidades en el exterior transfieren conocimientos, tecnologías, "
            "redes empresariales y valores cívicos. Proponemos que el pacto reconozca estas "
            "contribuciones y aliente a los Estados a establecer mecanismos de diálogo "
            "permanente con sus diásporas, programas de coinversión en proyectos comunitarios y "
            "esquemas que faciliten el regreso temporal de profesionales calificados. Asimismo, "
            "es indispensable combatir los discursos que presentan a las personas migrantes "
            "como una carga, mediante campañas basadas en datos objetivos. Las buenas prácticas "
            "de las redes consulares pueden servir de referencia para otros países."
        ),
    ),
    DemoInput(
        cluster="smuggling",
        author="focal.nga@accord.example",
        kind="statement",
        title="Statement by Nigeria: dismantling trafficking networks and protecting victims",
        body=(
            "Nigeria has paid a heavy price for the activities of trafficking and smuggling "
            "networks that prey on the aspirations of our young people. Our experience shows "
            "that prosecution works best when it is combined with prevention in communities of "
            "origin and with long-term support for survivors. We call on all States to "
            "cooperate more closely in tracing and confiscating the proceeds of these crimes, "
            "and to use such assets to compensate victims. Victims must be treated as "
            "rights-holders, not as offenders, and must never be returned to situations where "
            "they risk being trafficked again. We also ask countries of destination to work with "
            "us on safe and dignified return and on reintegration programmes that address the "
            "debts and the stigma that many survivors face."
        ),
    ),
    DemoInput(
        cluster="smuggling",
        author="focal.che@accord.example",
        kind="written_contribution",
        title="Following the money: financial investigations against smuggling networks",
        body=(
            "Switzerland submits the following recommendations, drawn from national experience "
            "and from cooperation with partner countries along major migration routes. First, "
            "smuggling and trafficking are crimes driven by profit; financial investigations "
            "should therefore be opened in parallel with every major criminal case. Second, "
            "financial intelligence units should exchange information on suspicious "
            "transactions linked to smuggling more systematically, including with the private "
            "sector. Third, specialized training for prosecutors and judges improves conviction "
            "rates and reduces the risk that smuggled migrants themselves are prosecuted. "
            "Fourth, smuggled migrants who have suffered violence should receive protection and "
            "assistance irrespective of their status. We suggest that the compact include a "
            "concrete action on each of these points."
        ),
    ),
    DemoInput(
        cluster="pathways",
        author="focal.deu@accord.example",
        kind="written_contribution",
        title="Skills partnerships and fair labour mobility",
        body=(
            "Germany, as a country facing demographic change and skills shortages in several "
            "sectors, has a clear interest in well-designed regular pathways. We recommend that "
            "the compact promote skills partnerships in which countries of origin and "
            "destination jointly invest in vocational training, so that the same programmes "
            "benefit both domestic labour markets and those who choose to migrate. Recognition "
            "of foreign qualifications should become faster and more transparent, including "
            "through digital tools and partial recognition where full equivalence cannot be "
            "established. Fair recruitment is essential: workers should never pay fees to "
            "obtain a job abroad. Finally, pathways for regular migration are most credible when "
            "they are accompanied by effective cooperation on the return of persons who have no "
            "right to stay."
        ),
    ),
    DemoInput(
        cluster="pathways",
        author="focal.african-group@accord.example",
        kind="statement",
        title="Statement on behalf of the African Group: regular pathways and mobility in Africa",
        body=(
            "The African Group recalls that the great majority of African migrants move within "
            "the continent, and that regional free movement arrangements are an engine of "
            "integration and development. We call on the co-facilitators to ensure that the "
            "compact supports these arrangements rather than focusing only on movements towards "
            "other regions. Regular pathways must be expanded at all skill levels, including for "
            "seasonal, circular and low-wage workers, who are too often excluded from existing "
            "schemes. Mutual recognition of skills, ethical recruitment and the protection of "
            "labour rights should go hand in hand. The Group also stresses that irregular "
            "migration cannot be reduced through enforcement alone: only accessible regular "
            "channels and sustained investment in countries of origin will make a lasting "
            "difference."
        ),
    ),
)

SUMMARIES: tuple[DemoSummary, ...] = (
    DemoSummary(
        kind="session",
        cluster="human_rights",
        title="Co-facilitators' summary of the first informal thematic session",
        body=(
            "The first informal thematic session was attended by a large number of Member "
            "States, United Nations entities and stakeholders. Delegations broadly agreed that "
            "the compact should be firmly anchored in international human rights law and that "
            "the human rights of migrants apply irrespective of migration status. Many speakers "
            "called for access to basic services, including emergency health care and education, "
            "and several proposed separating the provision of services from immigration "
            "enforcement. Views differed on immigration detention: a number of delegations "
            "supported a commitment to end the detention of children, while others preferred to "
            "describe detention as a measure of last resort in accordance with national law. "
            "There was wide support for language countering racism and xenophobia, coupled with "
            "respect for freedom of expression. Several delegations underlined the specific "
            "needs of women, children and persons with disabilities, and asked that "
            "gender-responsive and child-sensitive approaches run through the whole text. The "
            "co-facilitators will reflect these views in the stocktaking report."
        ),
    ),
    DemoSummary(
        kind="session",
        cluster="drivers",
        title="Co-facilitators' summary of the second informal thematic session",
        body=(
            "The second session examined the factors that compel people to leave their homes. "
            "Delegations agreed that the compact cannot succeed without sustained investment in "
            "sustainable development, peace and good governance in communities of origin, and "
            "that the 2030 Agenda provides the appropriate framework. A strong convergence "
            "emerged on the need to address disaster displacement and the slow-onset effects of "
            "climate change, although delegations differed on whether the compact should refer "
            "to climate change explicitly or to environmental factors more generally. Several "
            "countries of origin stressed that people should be able to stay in their "
            "communities as a matter of choice, and asked for predictable adaptation finance. "
            "Some delegations cautioned against creating any new category of protection, while "
            "others called for humanitarian admission arrangements after sudden-onset disasters. "
            "Participants welcomed the technical expertise offered by United Nations agencies."
        ),
    ),
    DemoSummary(
        kind="session",
        cluster="cooperation",
        title="Co-facilitators' summary of the third informal thematic session",
        body=(
            "The third session addressed international cooperation and the governance of "
            "migration across borders, in transit, on return and during reintegration. "
            "Delegations reaffirmed that the compact must respect national sovereignty, and "
            "many stressed that sovereignty is exercised in conformity with international law. "
            "There was broad agreement that return should be safe and dignified, that due "
            "process must be guaranteed, and that countries of origin have a duty to readmit "
            "their own nationals. Views diverged on whether cooperation on readmission should be "
            "mainly bilateral or should also be developed at the regional and multilateral "
            "levels. Several delegations called for strengthened regional consultative "
            "processes and for support to local authorities. Delegations generally preferred to "
            "build on existing institutions rather than create new ones, while recognizing the "
            "need for a coordinated response from the United Nations system."
        ),
    ),
    DemoSummary(
        kind="session",
        cluster="contributions",
        title="Co-facilitators' summary of the fourth informal thematic session",
        body=(
            "The fourth session considered the contributions of migrants and diasporas to "
            "sustainable development. Participants agreed that these contributions go well "
            "beyond remittances and include knowledge, skills, investment, trade networks and "
            "cultural exchange. On remittances, there was wide support for lowering transaction "
            "costs in line with the 2030 Agenda, for promoting competition and digital payment "
            "solutions, and for improving access to financial services for migrants and their "
            "families. Many delegations insisted that remittances are private funds and should "
            "not be counted as, or substitute for, official development assistance. Delegations "
            "also discussed the portability of social security entitlements and the "
            "recognition of skills acquired abroad. Several speakers highlighted the role of "
            "diaspora engagement policies and of public communication that presents an "
            "accurate picture of the contributions of migrants."
        ),
    ),
    DemoSummary(
        kind="session",
        cluster="smuggling",
        title="Co-facilitators' summary of the fifth informal thematic session",
        body=(
            "The fifth session addressed the smuggling of migrants, trafficking in persons and "
            "contemporary forms of slavery. Delegations agreed on the need to distinguish "
            "clearly between smuggling and trafficking while recognizing that smuggled migrants "
            "may become victims of trafficking and other abuses along their journey. There was "
            "broad support for universal adherence to the relevant international instruments, "
            "for stronger cooperation between law enforcement and judicial authorities, and for "
            "financial investigations aimed at the proceeds of these crimes. Many delegations "
            "stressed that smuggled migrants should not be criminalized for having been "
            "smuggled, while others asked that the compact preserve the ability of States to "
            "prosecute other offences. Delegations called for victim-centred approaches, "
            "including referral mechanisms, shelter, legal aid and, in some proposals, "
            "temporary residence permits for victims."
        ),
    ),
    DemoSummary(
        kind="session",
        cluster="pathways",
        title="Co-facilitators' summary of the sixth informal thematic session",
        body=(
            "The sixth and final thematic session discussed irregular migration and regular "
            "pathways. Delegations generally agreed that expanding regular pathways at all skill "
            "levels is one of the most effective ways to reduce irregular migration and the "
            "vulnerabilities associated with it. Many speakers called for bilateral and regional "
            "labour mobility agreements, fair and ethical recruitment, and the mutual recognition "
            "of skills and qualifications. Several delegations drew attention to mobility within "
            "regions, which accounts for a large share of movement in Africa and Asia. Some "
            "delegations emphasized that regular pathways must remain a matter of national "
            "discretion and be linked to effective cooperation on return. Proposals were also "
            "made on family reunification, student mobility and humanitarian visas. The "
            "co-facilitators noted the convergence on fair recruitment and skills partnerships."
        ),
    ),
    DemoSummary(
        kind="stocktaking",
        cluster=None,
        title="Co-facilitators' summary of the stocktaking meeting",
        body=(
            "The stocktaking meeting reviewed the results of the six informal thematic sessions, "
            "the regional consultations and the written inputs received from Member States and "
            "stakeholders. Delegations confirmed their expectation that the compact be concise, "
            "action-oriented and not legally binding, and that it respect national sovereignty "
            "while being anchored in international law, including human rights law. Broad "
            "convergence was noted on a structure comprising a preamble, a shared vision and "
            "guiding principles, a limited number of objectives each containing a commitment and "
            "a menu of actions, and sections on implementation and on follow-up and review. "
            "Areas requiring further discussion include the treatment of climate-related "
            "mobility, detention, the scope of cooperation on return, the financing of "
            "capacity-building and the frequency of the review forum. On the basis of these "
            "exchanges, the co-facilitators will circulate a zero draft ahead of the first "
            "round of negotiations."
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# The zero draft
# ---------------------------------------------------------------------------------------------

_ACTIONS_LEAD = " To give effect to this commitment, we will draw on the following actions:"
_OBJ4_TAIL = (
    ", ensuring that each case is assessed individually with due process guarantees and access "
    "to an effective remedy, and respecting the prohibition of collective expulsion and the "
    "principle of non-refoulement." + _ACTIONS_LEAD
)

ZERO_DRAFT: tuple[DemoUnit, ...] = (
    DemoUnit(key="pre", kind="preamble", number=None, text="", heading="Preamble"),
    DemoUnit(
        key="pp1",
        kind="paragraph",
        number="1",
        parent="pre",
        text=(
            "We, the Heads of State and Government and High Representatives, meeting at [venue] "
            "on [date], reaffirm the purposes and principles of the Charter of the United "
            "Nations and declare our shared resolve to make human mobility work for the benefit "
            "of all."
        ),
    ),
    DemoUnit(
        key="pp2",
        kind="paragraph",
        number="2",
        parent="pre",
        text=(
            "This Global Compact builds on the Universal Declaration of Human Rights and the core "
            "international human rights treaties[, as well as relevant conventions of the "
            "International Labour Organization,] and recognizes that the rights they set out "
            "apply to every person, regardless of migration status."
        ),
    ),
    DemoUnit(
        key="pp3",
        kind="paragraph",
        number="3",
        parent="pre",
        text=(
            "We acknowledge that people have always moved in search of safety, opportunity and "
            "a better life, and that mobility which is safe, orderly and regular can generate "
            "prosperity, innovation and sustainable development for countries of origin, transit "
            "and destination alike."
        ),
    ),
    DemoUnit(
        key="pp4",
        kind="paragraph",
        number="4",
        parent="pre",
        text=(
            "We recognize that no country can manage cross-border mobility alone and that a "
            "comprehensive response calls for [shared responsibility][enhanced cooperation] "
            "among States, as well as partnerships with relevant stakeholders."
        ),
    ),
    DemoUnit(
        key="pp5",
        kind="paragraph",
        number="5",
        parent="pre",
        text=(
            "We underline that, while refugees and migrants are entitled to the same universal "
            "human rights and fundamental freedoms, they are governed by separate legal "
            "frameworks, and that this Global Compact does not affect the international "
            "protection regime established for refugees."
        ),
    ),
    DemoUnit(
        key="pp6",
        kind="paragraph",
        number="6",
        parent="pre",
        text=(
            "We reaffirm that each State retains the sovereign right to shape its own migration "
            "policy and to regulate entry to and stay on its territory, [in conformity with]"
            "[taking into account] its obligations under international law."
        ),
    ),
    DemoUnit(
        key="vis",
        kind="section",
        number=None,
        text="",
        heading="Vision and guiding principles",
    ),
    DemoUnit(
        key="vis1",
        kind="paragraph",
        number="7",
        parent="vis",
        text=(
            "This Global Compact sets out a common understanding of human mobility and a "
            "cooperative framework that is not legally binding. It seeks to foster trust, "
            "[shared responsibility] and unity of purpose among States, while respecting the "
            "diversity of national circumstances."
        ),
    ),
    DemoUnit(
        key="vis2",
        kind="paragraph",
        number="8",
        parent="vis",
        text=(
            "Our vision rests on guiding principles that are cross-cutting and mutually "
            "reinforcing, including respect for human rights and the rule of law, national "
            "sovereignty, [gender-responsiveness and child-sensitivity,] sustainable development "
            "and a whole-of-government and whole-of-society approach."
        ),
    ),
    DemoUnit(
        key="vis3",
        kind="paragraph",
        number="9",
        parent="vis",
        text=(
            "We will implement this Global Compact consistently with our obligations under "
            "international law, so that no migrant is left behind and the needs of migrants in "
            "situations of vulnerability are [duly taken into account][addressed as a matter of "
            "priority]."
        ),
    ),
    # Objective 1
    DemoUnit(
        key="obj1",
        kind="section",
        number=None,
        text="",
        heading="Objective 1: Address the adverse factors that force people to leave their homes",
    ),
    DemoUnit(
        key="obj1_c",
        kind="paragraph",
        number="10",
        parent="obj1",
        text=(
            "We commit to address, in partnership, the economic, social and environmental "
            "factors that leave people with no option but to move, so that remaining in one's "
            "own community is a genuine and dignified possibility [and migration becomes a "
            "choice rather than a necessity]." + _ACTIONS_LEAD
        ),
    ),
    DemoUnit(
        key="obj1_c_a",
        kind="subparagraph",
        number="(a)",
        parent="obj1_c",
        text=(
            "Accelerate implementation of the 2030 Agenda for Sustainable Development in "
            "communities of origin, with particular attention to youth employment, access to "
            "basic services and the empowerment of women and girls;"
        ),
    ),
    DemoUnit(
        key="obj1_c_b",
        kind="subparagraph",
        number="(b)",
        parent="obj1_c",
        text=(
            "Strengthen early warning, preparedness and disaster risk reduction systems in "
            "[regions][countries and regions] exposed to sudden-onset natural hazards, and "
            "integrate human mobility considerations into national adaptation plans;"
        ),
    ),
    DemoUnit(
        key="obj1_c_c",
        kind="subparagraph",
        number="(c)",
        parent="obj1_c",
        text=(
            "Invest in programmes that build the resilience of communities affected by "
            "slow-onset environmental degradation, such as desertification, land degradation and "
            "sea-level rise[, including through planned relocation as a measure of last resort];"
        ),
    ),
    # Objective 2
    DemoUnit(
        key="obj2",
        kind="section",
        number=None,
        text="",
        heading="Objective 2: Expand and diversify pathways for safe and regular mobility",
    ),
    DemoUnit(
        key="obj2_c",
        kind="paragraph",
        number="11",
        parent="obj2",
        text=(
            "We commit to adapt pathways for regular mobility so that they respond to "
            "demographic and labour market realities, promote decent work and respect family "
            "life, with a view to reducing reliance on irregular channels." + _ACTIONS_LEAD
        ),
    ),
    DemoUnit(
        key="obj2_c_a",
        kind="subparagraph",
        number="(a)",
        parent="obj2_c",
        text=(
            "Develop bilateral labour mobility agreements that set out standard terms of "
            "employment, the portability of earned benefits and mechanisms to monitor compliance;"
        ),
    ),
    DemoUnit(
        key="obj2_c_b",
        kind="subparagraph",
        number="(b)",
        parent="obj2_c",
        text=(
            "Facilitate the mutual recognition of skills, qualifications and competences "
            "acquired abroad[, including through a global skills partnership][in cooperation "
            "with employers and educational institutions];"
        ),
    ),
    DemoUnit(
        key="obj2_c_c",
        kind="subparagraph",
        number="(c)",
        parent="obj2_c",
        text=(
            "Consider humanitarian visas or temporary stay arrangements for persons who cannot "
            "return to their country of origin in the aftermath of a sudden-onset disaster, "
            "[while respecting][without prejudice to] national competence in matters of "
            "admission;"
        ),
    ),
    # Objective 3
    DemoUnit(
        key="obj3",
        kind="section",
        number=None,
        text="",
        heading=(
            "Objective 3: Prevent and counter the smuggling of migrants and trafficking in persons"
        ),
    ),
    DemoUnit(
        key="obj3_c",
        kind="paragraph",
        number="12",
        parent="obj3",
        text=(
            "We commit to intensify joint efforts to prevent, investigate and prosecute the "
            "smuggling of migrants and trafficking in persons, to dismantle the criminal "
            "networks that profit from them, and to identify, protect and assist [all migrants]"
            "[smuggled migrants] and victims of trafficking[, irrespective of their migration "
            "status]." + _ACTIONS_LEAD
        ),
    ),
    DemoUnit(
        key="obj3_c_a",
        kind="subparagraph",
        number="(a)",
        parent="obj3_c",
        text=(
            "Promote universal adherence to, and full implementation of, the United Nations "
            "Convention against Transnational Organized Crime and its supplementing Protocols on "
            "trafficking in persons and on the smuggling of migrants;"
        ),
    ),
    DemoUnit(
        key="obj3_c_b",
        kind="subparagraph",
        number="(b)",
        parent="obj3_c",
        text=(
            "Strengthen cross-border cooperation among law enforcement, prosecution and "
            "financial intelligence authorities in order to trace, freeze and confiscate the "
            "proceeds of smuggling and trafficking;"
        ),
    ),
    DemoUnit(
        key="obj3_c_c",
        kind="subparagraph",
        number="(c)",
        parent="obj3_c",
        text=(
            "Ensure that migrants are not prosecuted merely because they have been smuggled, "
            "[notwithstanding][without prejudice to] the prosecution of other offences under "
            "national law;"
        ),
    ),
    DemoUnit(
        key="obj3_c_d",
        kind="subparagraph",
        number="(d)",
        parent="obj3_c",
        text=(
            "Establish or strengthen national referral mechanisms that give victims of "
            "trafficking access to safe shelter, health care, legal counsel and psychosocial "
            "support[, including a recovery and reflection period and temporary residence "
            "permits];"
        ),
    ),
    # Objective 4
    DemoUnit(
        key="obj4",
        kind="section",
        number=None,
        text="",
        heading=(
            "Objective 4: Cooperate on safe and dignified return and readmission and on "
            "sustainable reintegration"
        ),
    ),
    DemoUnit(
        key="obj4_c",
        kind="paragraph",
        number="13",
        parent="obj4",
        text=(
            "We commit to cooperate in facilitating the safe and dignified return of migrants "
            "[who do not have the right to remain]" + _OBJ4_TAIL
        ),
    ),
    DemoUnit(
        key="obj4_c_a",
        kind="subparagraph",
        number="(a)",
        parent="obj4_c",
        text=(
            "Develop and implement [bilateral][bilateral, regional and multilateral] "
            "cooperation frameworks and agreements on readmission, ensuring that return is "
            "carried out in accordance with international human rights law;"
        ),
    ),
    DemoUnit(
        key="obj4_c_b",
        kind="subparagraph",
        number="(b)",
        parent="obj4_c",
        text=(
            "Cooperate on the timely identification of nationals and the issuance of travel "
            "documents for return, [in cases where persons do not have the right to stay][with "
            "full respect for the right to privacy and the protection of personal data];"
        ),
    ),
    DemoUnit(
        key="obj4_c_c",
        kind="subparagraph",
        number="(c)",
        parent="obj4_c",
        text=(
            "Support returning migrants in their economic, social and cultural reintegration, "
            "including through access to justice, social protection, financial services, health "
            "care and education, and the recognition of skills acquired abroad;"
        ),
    ),
    # Objective 5
    DemoUnit(
        key="obj5",
        kind="section",
        number=None,
        text="",
        heading=(
            "Objective 5: Lower the cost of remittances and broaden the financial inclusion of "
            "migrants and their families"
        ),
    ),
    DemoUnit(
        key="obj5_c",
        kind="paragraph",
        number="14",
        parent="obj5",
        text=(
            "We commit to lower the cost and increase the safety of remittance transfers by "
            "improving regulatory environments and payment infrastructure, bearing in mind that "
            "remittances are the private earnings of migrants and their families [and are "
            "distinct from official development assistance]." + _ACTIONS_LEAD
        ),
    ),
    DemoUnit(
        key="obj5_c_a",
        kind="subparagraph",
        number="(a)",
        parent="obj5_c",
        text=(
            "Work towards reducing the average transaction cost of migrant remittances to less "
            "than 3 per cent [by 2030], in line with target 10.c of the 2030 Agenda for "
            "Sustainable Development;"
        ),
    ),
    DemoUnit(
        key="obj5_c_b",
        kind="subparagraph",
        number="(b)",
        parent="obj5_c",
        text=(
            "Promote digital and mobile payment solutions that allow migrants and their "
            "families, including in rural and remote areas, to send and receive funds securely "
            "and at low cost;"
        ),
    ),
    DemoUnit(
        key="obj5_c_c",
        kind="subparagraph",
        number="(c)",
        parent="obj5_c",
        text=(
            "Provide accessible financial literacy programmes for migrants and their families, "
            "with particular attention to women, so that remittances can be channelled into "
            "savings, investment and entrepreneurship;"
        ),
    ),
    # Implementation
    DemoUnit(key="impl", kind="section", number=None, text="", heading="Implementation"),
    DemoUnit(
        key="impl1",
        kind="paragraph",
        number="15",
        parent="impl",
        text=(
            "This Global Compact will be implemented at the national[, regional] and global "
            "levels through strengthened partnerships and in a spirit of solidarity, taking into "
            "account differing national realities, capacities and levels of development and "
            "respecting national policies and priorities."
        ),
    ),
    DemoUnit(
        key="impl2",
        kind="paragraph",
        number="16",
        parent="impl",
        text=(
            "We decide to establish a [voluntary] capacity-building facility to support Member "
            "States, upon their request, in implementing this Global Compact, comprising a "
            "service that matches requests with technical expertise, a seed fund for project "
            "design [financed through voluntary contributions][financed from assessed "
            "contributions] and an online repository of practices."
        ),
    ),
    # Follow-up and review
    DemoUnit(key="fur", kind="section", number=None, text="", heading="Follow-up and review"),
    DemoUnit(
        key="fur1",
        kind="paragraph",
        number="17",
        parent="fur",
        text=(
            "Member States will assess progress in implementing this Global Compact at all "
            "levels through a process that is State-led, transparent and open to the "
            "contributions of all relevant stakeholders, drawing on existing United Nations "
            "mechanisms wherever possible."
        ),
    ),
    DemoUnit(
        key="fur2",
        kind="paragraph",
        number="18",
        parent="fur",
        text=(
            "We decide to convene a [global] review forum on human mobility, open to all Member "
            "States, as the principal intergovernmental venue for exchanging experience on "
            "implementation and assessing progress, meeting every [four][two] years beginning in "
            "[2022][2024]."
        ),
    ),
    DemoUnit(
        key="fur3",
        kind="paragraph",
        number="19",
        parent="fur",
        text=(
            "We invite the President of the General Assembly to launch and conclude, by [date], "
            "open, transparent and inclusive intergovernmental consultations to determine the "
            "modalities and organizational aspects of the review forum."
        ),
    ),
)

# Texts that more than one constant repeats (an edit and the amendment it reflects, or the
# base text an amendment starts from) are named once so they cannot drift apart.
_PP2_REV1 = (
    "This Global Compact builds on the Universal Declaration of Human Rights and the core "
    "international human rights treaties, as well as relevant conventions of the International "
    "Labour Organization, and recognizes that the rights they set out apply to every person, "
    "regardless of migration status."
)
_PP6_REV1 = (
    "We reaffirm that each State retains the sovereign right to shape its own migration policy "
    "and to regulate entry to and stay on its territory, in conformity with its obligations "
    "under international law."
)
_OBJ2_C_A_REV1 = (
    "Develop bilateral [and regional] labour mobility agreements that set out standard terms of "
    "employment, the portability of earned benefits and mechanisms to monitor compliance;"
)
_OBJ4_C_A_REV1 = (
    "Develop and implement bilateral, regional and multilateral cooperation frameworks and "
    "agreements on readmission, ensuring that return is carried out in accordance with "
    "international human rights law;"
)
_FUR2_REV1 = (
    "We decide to convene a [global] review forum on human mobility, open to all Member States, "
    "as the principal intergovernmental venue for exchanging experience on implementation and "
    "assessing progress, meeting every four years beginning in [2022][2024]."
)
_FUR2_BIS_REV1 = (
    "We encourage Member States to prepare voluntary national reviews of implementation, "
    "drawing on contributions from local authorities, migrants, diaspora communities and civil "
    "society[, and request the Secretary-General to report biennially to the General Assembly "
    "on progress]."
)
_FUR3 = (
    "We invite the President of the General Assembly to launch and conclude, by [date], open, "
    "transparent and inclusive intergovernmental consultations to determine the modalities and "
    "organizational aspects of the review forum."
)

# ---------------------------------------------------------------------------------------------
# Rev.1: the co-facilitators' resolution of the first reading
# ---------------------------------------------------------------------------------------------

REV1_EDITS: tuple[DemoEdit, ...] = (
    DemoEdit(op="edit", unit="pp2", text=_PP2_REV1),
    DemoEdit(op="edit", unit="pp6", text=_PP6_REV1),
    DemoEdit(
        op="edit",
        unit="vis2",
        text=(
            "Our vision rests on guiding principles that are cross-cutting and mutually "
            "reinforcing, including a people-centred approach, respect for human rights and the "
            "rule of law, national sovereignty, gender-responsiveness, child-sensitivity, "
            "sustainable development and a whole-of-government and whole-of-society approach."
        ),
    ),
    DemoEdit(
        op="edit",
        unit="obj1_c",
        text=(
            "We commit to address, in partnership, the economic, social and environmental "
            "factors that leave people with no option but to move, so that remaining in one's "
            "own community is a genuine and dignified possibility and migration becomes a "
            "matter of choice and not of necessity." + _ACTIONS_LEAD
        ),
    ),
    # The proposal to add "and regional" is reflected, but in brackets: one delegation objects.
    DemoEdit(op="edit", unit="obj2_c_a", text=_OBJ2_C_A_REV1),
    DemoEdit(op="edit", unit="obj4_c_a", text=_OBJ4_C_A_REV1),
    # Actions (b) and (c) of objective 5 are consolidated into (b).
    DemoEdit(
        op="edit",
        unit="obj5_c_b",
        text=(
            "Promote digital and mobile payment solutions that allow migrants and their "
            "families, including in rural and remote areas, to send and receive funds securely "
            "and at low cost, and provide accessible financial literacy training with particular "
            "attention to women;"
        ),
    ),
    DemoEdit(op="delete", unit="obj5_c_c"),
    DemoEdit(op="edit", unit="fur2", text=_FUR2_REV1),
    DemoEdit(
        op="insert_after",
        unit="fur2",
        new_key="fur2_bis",
        number="18 bis",
        kind="paragraph",
        text=_FUR2_BIS_REV1,
    ),
    DemoEdit(op="status", unit="pp2", status="agreed_informals"),
    DemoEdit(op="status", unit="pp3", status="agreed_informals"),
    DemoEdit(op="status", unit="pp5", status="agreed_informals"),
    DemoEdit(op="status", unit="obj1_c_a", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="obj3_c_a", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="fur1", status="agreed_informals"),
)

# ---------------------------------------------------------------------------------------------
# Rev.2: the second reading; 18 bis becomes 19 and the paragraph after it 20
# ---------------------------------------------------------------------------------------------

REV2_EDITS: tuple[DemoEdit, ...] = (
    DemoEdit(
        op="edit",
        unit="obj1_c_b",
        text=(
            "Strengthen early warning, preparedness and disaster risk reduction systems in "
            "countries and regions exposed to sudden-onset natural hazards, and integrate human "
            "mobility considerations into national adaptation plans;"
        ),
    ),
    DemoEdit(
        op="edit",
        unit="obj2_c_a",
        text=(
            "Develop bilateral and regional labour mobility agreements that set out standard "
            "terms of employment, the portability of earned benefits and mechanisms to monitor "
            "compliance;"
        ),
    ),
    DemoEdit(
        op="edit",
        unit="obj3_c",
        text=(
            "We commit to step up international cooperation to prevent and combat the "
            "smuggling of migrants and trafficking in persons, to dismantle the criminal "
            "networks that profit from them and bring perpetrators to justice, and to ensure "
            "that smuggled migrants and all victims of trafficking are identified, protected and "
            "assisted[, irrespective of their migration status]." + _ACTIONS_LEAD
        ),
    ),
    DemoEdit(
        op="edit",
        unit="obj4_c",
        text=(
            "We commit to cooperate in facilitating the safe and dignified return of migrants "
            "who do not fulfil the requirements for entry, stay or residence" + _OBJ4_TAIL
        ),
    ),
    DemoEdit(
        op="edit",
        unit="obj5_c",
        text=(
            "We commit to lower the cost and increase the safety of remittance transfers by "
            "improving regulatory environments and payment infrastructure, bearing in mind that "
            "remittances are the private earnings of migrants and their families and cannot be "
            "equated with official development assistance or other public sources of financing "
            "for development." + _ACTIONS_LEAD
        ),
    ),
    DemoEdit(
        op="edit",
        unit="impl1",
        text=(
            "This Global Compact will be implemented at the national, regional and global "
            "levels through strengthened partnerships and in a spirit of solidarity, taking into "
            "account differing national realities, capacities and levels of development and "
            "respecting national policies and priorities."
        ),
    ),
    DemoEdit(
        op="edit",
        unit="impl2",
        text=(
            "We decide to establish a [voluntary] capacity-building facility to support Member "
            "States, upon their request, in implementing this Global Compact, comprising a "
            "service that matches requests with technical expertise, a seed fund for project "
            "design financed through voluntary contributions, including from non-traditional "
            "donors, and an online repository of practices."
        ),
    ),
    DemoEdit(
        op="edit",
        unit="fur2_bis",
        number="19",
        text=(
            "We encourage Member States to prepare voluntary national reviews of implementation, "
            "drawing on contributions from local authorities, migrants, diaspora communities and "
            "civil society, and request that the biennial report of the Secretary-General to the "
            "General Assembly include an assessment of progress."
        ),
    ),
    # Renumbering only: the text is repeated unchanged.
    DemoEdit(op="edit", unit="fur3", number="20", text=_FUR3),
    DemoEdit(op="status", unit="pp2", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="pp3", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="pp5", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="pp6", status="agreed_informals"),
    DemoEdit(op="status", unit="vis2", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="obj1_c", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="obj1_c_b", status="agreed_informals"),
    DemoEdit(op="status", unit="obj2_c_a", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="obj4_c_a", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="obj4_c_c", status="agreed_informals"),
    DemoEdit(op="status", unit="obj5_c_b", status="agreed_ad_ref"),
    DemoEdit(op="status", unit="impl1", status="agreed_informals"),
    DemoEdit(op="status", unit="fur1", status="agreed_ad_ref"),
)

# ---------------------------------------------------------------------------------------------
# Amendments
# ---------------------------------------------------------------------------------------------

AMENDMENTS: tuple[DemoAmendment, ...] = (
    # --- on the Zero draft (first reading) ---------------------------------------------------
    DemoAmendment(
        key="zd-01",
        delegation="G77",
        author="focal.g77@accord.example",
        revision=0,
        unit="pp2",
        kind="change_words",
        text=_PP2_REV1,
        justification=(
            "Labour standards are integral to the protection of migrant workers and should be "
            "referenced without qualification."
        ),
        supporters=("MEX", "CHE", "EU"),
        opposers=("HUN", "RUS"),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-02",
        delegation="HUN",
        author="focal.hun@accord.example",
        revision=0,
        unit="pp6",
        kind="change_words",
        text=(
            "We reaffirm that each State retains the sovereign right to shape its own migration "
            "policy and to regulate entry to and stay on its territory, taking into account its "
            "obligations under international law."
        ),
        justification=(
            "Decisions on admission are an exclusive national competence and the compact should "
            "not suggest otherwise."
        ),
        supporters=("RUS",),
        opposers=("MEX", "CHE", "AFRICAN_GROUP"),
        state="not_reflected",
    ),
    DemoAmendment(
        key="zd-03",
        delegation="MEX",
        author="delegate.mex@accord.example",
        revision=0,
        unit="pp6",
        kind="change_words",
        text=_PP6_REV1,
        justification=(
            "Sovereignty over migration policy is exercised within, not alongside, the "
            "framework of international law."
        ),
        co_proponents=("CHE",),
        supporters=("EU", "AFRICAN_GROUP", "BGD"),
        opposers=("HUN",),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-04",
        delegation="EU",
        author="delegate.eu@accord.example",
        revision=0,
        unit="vis2",
        kind="change_words",
        text=(
            "Our vision rests on guiding principles that are cross-cutting and mutually "
            "reinforcing, including respect for human rights and the rule of law, national "
            "sovereignty, gender-responsiveness and child-sensitivity, sustainable development "
            "and a whole-of-government and whole-of-society approach."
        ),
        justification=(
            "Gender-responsive and child-sensitive approaches are established principles that "
            "need no brackets."
        ),
        supporters=("CHE", "PHL"),
        state="merged",
    ),
    DemoAmendment(
        key="zd-05",
        delegation="MEX",
        author="focal.mex@accord.example",
        revision=0,
        unit="vis2",
        kind="change_words",
        text=(
            "Our vision rests on guiding principles that are cross-cutting and mutually "
            "reinforcing, including a people-centred approach, respect for human rights and the "
            "rule of law, national sovereignty, [gender-responsiveness and child-sensitivity,] "
            "sustainable development and a whole-of-government and whole-of-society approach."
        ),
        justification="The compact should state at the outset that it places people at its centre.",
        supporters=("G77", "BGD"),
        state="merged",
    ),
    DemoAmendment(
        key="zd-06",
        delegation="AFRICAN_GROUP",
        author="focal.african-group@accord.example",
        revision=0,
        unit="obj1_c",
        kind="retain",
        justification=(
            "The phrase captures the purpose of the objective and should be kept without brackets."
        ),
        supporters=("G77", "MEX"),
        opposers=("RUS",),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-07",
        delegation="RUS",
        author="focal.rus@accord.example",
        revision=0,
        unit="obj1_c",
        kind="change_words",
        text=(
            "We commit to address, in partnership, the economic, social and environmental "
            "factors that leave people with no option but to move, so that remaining in one's "
            "own community is a genuine and dignified possibility." + _ACTIONS_LEAD
        ),
        justification="The bracketed phrase is declaratory and adds no operative content.",
        supporters=("HUN",),
        state="overtaken",
    ),
    DemoAmendment(
        key="zd-08",
        delegation="PHL",
        author="focal.phl@accord.example",
        revision=0,
        unit="obj2_c_a",
        kind="change_words",
        text=(
            "Develop bilateral and regional labour mobility agreements that set out standard "
            "terms of employment, the portability of earned benefits and mechanisms to monitor "
            "compliance;"
        ),
        justification=(
            "Regional agreements already govern a large share of labour mobility and deserve "
            "equal mention."
        ),
        co_proponents=("BGD",),
        supporters=("MEX", "CHE", "AFRICAN_GROUP"),
        opposers=("HUN",),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-09",
        delegation="AFRICAN_GROUP",
        author="delegate.african-group@accord.example",
        revision=0,
        unit="obj4_c_a",
        kind="change_words",
        text=_OBJ4_C_A_REV1,
        justification=(
            "Readmission is most effective when bilateral arrangements are supported by "
            "regional and multilateral cooperation."
        ),
        supporters=("G77", "MEX"),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-10",
        delegation="MEX",
        author="focal.mex@accord.example",
        revision=0,
        unit="fur2",
        kind="add_unit",
        text=(
            "Alentamos a los Estados Miembros a que preparen exámenes nacionales voluntarios "
            "sobre la aplicación del presente Pacto Mundial, con aportaciones de las autoridades "
            "locales, los migrantes, las comunidades de la diáspora y la sociedad civil, y "
            "solicitamos al Secretario General que informe cada dos años a la Asamblea General "
            "sobre los progresos realizados."
        ),
        justification=(
            "Los exámenes nacionales voluntarios han demostrado su utilidad en el seguimiento de "
            "la Agenda 2030 y deben formar parte del mecanismo de examen."
        ),
        co_proponents=("CHE", "PHL"),
        supporters=("EU", "BGD"),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-11",
        delegation="CHE",
        author="focal.che@accord.example",
        revision=0,
        unit="obj5_c_c",
        kind="delete_unit",
        justification=(
            "Financial literacy is better addressed together with digital payment solutions in "
            "action (b)."
        ),
        supporters=("EU",),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-12",
        delegation="HUN",
        author="focal.hun@accord.example",
        revision=0,
        unit="obj3_c_c",
        kind="delete_unit",
        justification=(
            "Questions of criminal liability fall under national law and should not be "
            "prejudged in a non-binding text."
        ),
        opposers=("MEX", "CHE", "G77"),
        state="not_reflected",
    ),
    DemoAmendment(
        key="zd-13",
        delegation="BGD",
        author="focal.bgd@accord.example",
        revision=0,
        unit="fur2",
        kind="change_words",
        text=(
            "We decide to convene a [global] review forum on human mobility, open to all Member "
            "States, as the principal intergovernmental venue for exchanging experience on "
            "implementation and assessing progress with the meaningful participation of migrants "
            "and civil society, meeting every [four][two] years beginning in [2022][2024]."
        ),
        justification="Those most affected by the compact should have a voice in its review.",
        supporters=("PHL", "MEX"),
        state="overtaken",
    ),
    DemoAmendment(
        key="zd-14",
        delegation="EU",
        author="focal.eu@accord.example",
        revision=0,
        unit="fur2",
        kind="change_words",
        text=_FUR2_REV1,
        justification=(
            "A four-year cycle allows meaningful progress between meetings and limits the "
            "reporting burden."
        ),
        supporters=("CHE", "RUS"),
        opposers=("G77",),
        state="reflected",
    ),
    DemoAmendment(
        key="zd-15",
        delegation="PHL",
        author="delegate.phl@accord.example",
        revision=0,
        unit="obj5_c_c",
        kind="change_words",
        text=(
            "Provide accessible financial literacy programmes for migrants and their families, "
            "with particular attention to women and young people, so that remittances can be "
            "channelled into savings, investment and entrepreneurship;"
        ),
        justification="Young migrants send a growing share of remittances.",
        supporters=("BGD",),
        state="overtaken",
    ),
    # --- on Rev.1 (second reading) -------------------------------------------------------------
    DemoAmendment(
        key="r1-01",
        delegation="PHL",
        author="delegate.phl@accord.example",
        revision=1,
        unit="obj2_c_a",
        kind="retain",
        justification="The reference to regional agreements should be retained and unbracketed.",
        co_proponents=("BGD",),
        supporters=("AFRICAN_GROUP", "MEX"),
        opposers=("HUN",),
        state="reflected",
    ),
    DemoAmendment(
        key="r1-02",
        delegation="HUN",
        author="focal.hun@accord.example",
        revision=1,
        unit="obj2_c_a",
        kind="change_words",
        text=(
            "Develop bilateral labour mobility agreements that set out standard terms of "
            "employment, the portability of earned benefits and mechanisms to monitor compliance;"
        ),
        justification=(
            "Labour migration is negotiated between the States concerned and should remain "
            "bilateral."
        ),
        opposers=("PHL", "BGD", "MEX"),
        state="not_reflected",
    ),
    DemoAmendment(
        key="r1-03",
        delegation="AFRICAN_GROUP",
        author="focal.african-group@accord.example",
        revision=1,
        unit="obj3_c",
        kind="alternative",
        text=(
            "Nous nous engageons à renforcer la coopération internationale pour prévenir et "
            "combattre le trafic illicite de migrants et la traite des personnes, à démanteler "
            "les réseaux criminels qui en tirent profit et à garantir que tous les migrants "
            "objet d'un trafic et toutes les victimes de la traite soient identifiés, protégés "
            "et assistés, quel que soit leur statut migratoire. Pour donner effet à cet "
            "engagement, nous nous inspirerons des mesures suivantes :"
        ),
        justification=(
            "Cette formulation reprend les éléments essentiels des deux options entre crochets "
            "et met l'accent sur la protection de toutes les victimes."
        ),
        supporters=("G77", "MEX"),
        opposers=("HUN",),
        state="merged",
    ),
    DemoAmendment(
        key="r1-04",
        delegation="EU",
        author="focal.eu@accord.example",
        revision=1,
        unit="obj3_c",
        kind="alternative",
        text=(
            "We commit to step up cooperation at all levels to prevent and combat the smuggling "
            "of migrants and trafficking in persons, to bring perpetrators to justice and to "
            "ensure that smuggled migrants whose lives or safety are at risk, and all victims of "
            "trafficking, are identified, protected and assisted." + _ACTIONS_LEAD
        ),
        justification=(
            "A shorter commitment avoids the open-ended reference to all migrants while "
            "protecting those at risk."
        ),
        supporters=("CHE",),
        state="merged",
    ),
    DemoAmendment(
        key="r1-05",
        delegation="CHN",
        author="focal.chn@accord.example",
        revision=1,
        unit="obj5_c",
        kind="change_words",
        text=(
            "We commit to lower the cost and increase the safety of remittance transfers by "
            "improving regulatory environments and payment infrastructure, bearing in mind that "
            "remittances are the private earnings of migrants and their families and cannot be "
            "equated with official development assistance or other public sources of "
            "development finance." + _ACTIONS_LEAD
        ),
        justification=(
            "Remittances must never be counted towards, or used to justify reductions in, "
            "official development assistance."
        ),
        supporters=("BGD", "PHL", "AFRICAN_GROUP"),
        state="reflected",
    ),
    DemoAmendment(
        key="r1-06",
        delegation="G77",
        author="focal.g77@accord.example",
        revision=1,
        unit="impl2",
        kind="change_words",
        text=(
            "We decide to establish a [voluntary] capacity-building facility to support Member "
            "States, upon their request, in implementing this Global Compact, comprising a "
            "service that matches requests with technical expertise, a seed fund for project "
            "design financed from assessed contributions and an online repository of practices."
        ),
        justification="Predictable funding is the condition for capacity-building that lasts.",
        opposers=("EU", "CHE"),
        state="not_reflected",
    ),
    DemoAmendment(
        key="r1-07",
        delegation="EU",
        author="delegate.eu@accord.example",
        revision=1,
        unit="impl2",
        kind="change_words",
        text=(
            "We decide to establish a [voluntary] capacity-building facility to support Member "
            "States, upon their request, in implementing this Global Compact, comprising a "
            "service that matches requests with technical expertise, a seed fund for project "
            "design financed through voluntary contributions and an online repository of "
            "practices."
        ),
        justification=(
            "A new facility should not create obligations on the regular budget of the "
            "Organization."
        ),
        supporters=("CHE", "HUN"),
        opposers=("G77",),
        state="reflected",
    ),
    DemoAmendment(
        key="r1-08",
        delegation="CHE",
        author="focal.che@accord.example",
        revision=1,
        unit="impl1",
        kind="change_words",
        text=(
            "This Global Compact will be implemented at the national, regional and global "
            "levels through strengthened partnerships and in a spirit of solidarity, taking into "
            "account differing national realities, capacities and levels of development and "
            "respecting national policies and priorities."
        ),
        justification="Regional processes are where much of the implementation will take place.",
        supporters=("AFRICAN_GROUP", "EU", "MEX"),
        state="reflected",
    ),
    DemoAmendment(
        key="r1-09",
        delegation="NGA",
        author="focal.nga@accord.example",
        revision=1,
        unit="obj4_c",
        kind="change_words",
        text=(
            "We commit to cooperate in facilitating the safe and dignified return of migrants"
            + _OBJ4_TAIL
        ),
        justification=(
            "The qualifier prejudges individual cases that must be decided through due process."
        ),
        supporters=("MEX",),
        opposers=("DEU", "HUN"),
        state="overtaken",
    ),
    DemoAmendment(
        key="r1-10",
        delegation="DEU",
        author="focal.deu@accord.example",
        revision=1,
        unit="obj4_c",
        kind="change_words",
        text=(
            "We commit to cooperate in facilitating the safe and dignified return of migrants "
            "who do not fulfil the applicable requirements for entry or stay" + _OBJ4_TAIL
        ),
        justification=(
            "An objective legal criterion is clearer than a reference to a right to remain."
        ),
        co_proponents=("HUN",),
        supporters=("RUS",),
        opposers=("NGA",),
        state="reflected",
    ),
    DemoAmendment(
        key="r1-11",
        delegation="MEX",
        author="focal.mex@accord.example",
        revision=1,
        unit="fur2_bis",
        kind="change_words",
        text=(
            "We encourage Member States to prepare voluntary national reviews of implementation, "
            "drawing on contributions from local authorities, migrants, diaspora communities and "
            "civil society, and request the Secretary-General to report biennially to the "
            "General Assembly on progress."
        ),
        justification=(
            "Regular reporting by the Secretary-General gives the review forum a factual basis."
        ),
        co_proponents=("CHE", "PHL"),
        supporters=("BGD",),
        opposers=("RUS",),
        state="reflected",
    ),
    DemoAmendment(
        key="r1-12",
        delegation="RUS",
        author="focal.rus@accord.example",
        revision=1,
        unit="vis3",
        kind="change_words",
        text=(
            "We will implement this Global Compact consistently with our obligations under "
            "international law, so that no migrant is left behind and the needs of migrants in "
            "situations of vulnerability are duly taken into account."
        ),
        justification="Priorities are for each State to set according to its circumstances.",
        supporters=("HUN",),
        opposers=("G77",),
        state="withdrawn",
    ),
    DemoAmendment(
        key="r1-13",
        delegation="BGD",
        author="focal.bgd@accord.example",
        revision=1,
        unit="obj1_c_b",
        kind="change_words",
        text=(
            "Strengthen early warning, preparedness and disaster risk reduction systems in "
            "countries and regions exposed to sudden-onset natural hazards, and integrate human "
            "mobility considerations into national adaptation plans;"
        ),
        justification="Preparedness is organized nationally as well as regionally.",
        supporters=("PHL", "CHE"),
        state="reflected",
    ),
    # --- on Rev.2 (current) --------------------------------------------------------------------
    DemoAmendment(
        key="r2-01",
        delegation="MAR",
        author="focal.mar@accord.example",
        revision=2,
        unit="obj2_c_c",
        kind="add_unit",
        text=(
            "تعزيز الأطر الإقليمية ودون الإقليمية المتعلقة بحرية تنقل الأشخاص، وتيسير التنقل "
            "بين البلدان المتجاورة وفقاً للاتفاقات الإقليمية القائمة؛"
        ),
        justification=(
            "تعكس هذه الإضافة الممارسات الإقليمية الناجحة في مجال حرية التنقل، ولا سيما في "
            "القارة الأفريقية."
        ),
        co_proponents=("NGA",),
        supporters=("AFRICAN_GROUP", "BGD"),
        opposers=("HUN",),
        state="submitted",
    ),
    DemoAmendment(
        key="r2-02",
        delegation="RUS",
        author="focal.rus@accord.example",
        revision=2,
        unit="fur2",
        kind="reservation",
        justification=(
            "Российская Федерация делает оговорку в отношении данного пункта, поскольку вопросы "
            "периодичности, формата и финансирования форума должны быть решены в ходе отдельных "
            "межправительственных консультаций."
        ),
        state="submitted",
    ),
    DemoAmendment(
        key="r2-03",
        delegation="CHN",
        author="focal.chn@accord.example",
        revision=2,
        unit="obj5_c_a",
        kind="alternative",
        text=(
            "努力到2030年将移民汇款的平均交易成本降至3%以下，"  # noqa: RUF001 -- Chinese comma
            "并消除成本高于5%的汇款通道，"  # noqa: RUF001 -- Chinese full-width comma
            "以落实《2030年可持续发展议程》具体目标10.c；"  # noqa: RUF001 -- Chinese semicolon
        ),
        justification="使本项行动的措辞与可持续发展目标具体目标10.c完全一致。",
        supporters=("BGD", "PHL"),
        state="submitted",
    ),
    DemoAmendment(
        key="r2-04",
        delegation="HUN",
        author="focal.hun@accord.example",
        revision=2,
        unit="obj3_c",
        kind="reservation",
        justification=(
            "Hungary reserves its position on a commitment that could be read as creating "
            "entitlements for persons who entered a territory irregularly."
        ),
        state="submitted",
    ),
    DemoAmendment(
        key="r2-05",
        delegation="EU",
        author="focal.eu@accord.example",
        revision=2,
        unit="fur2",
        kind="change_words",
        text=(
            "We decide to convene a review forum on human mobility, open to all Member States, "
            "as the principal intergovernmental venue for exchanging experience on "
            "implementation and assessing progress, meeting every four years beginning in 2022."
        ),
        justification="An early first meeting would keep the momentum of adoption.",
        state="draft",
    ),
    DemoAmendment(
        key="r2-06",
        delegation="PHL",
        author="focal.phl@accord.example",
        revision=2,
        unit="obj5_c_b",
        kind="add_unit",
        text=(
            "Work towards bilateral and multilateral social security agreements that allow "
            "migrant workers to carry their pension and other earned entitlements across "
            "borders;"
        ),
        justification="A lifetime of contributions should not be lost when a worker returns home.",
        state="draft",
    ),
    DemoAmendment(
        key="r2-07",
        delegation="AFRICAN_GROUP",
        author="delegate.african-group@accord.example",
        revision=2,
        unit="obj4_c_b",
        kind="change_words",
        text=(
            "Cooperate on the timely identification of nationals and the issuance of travel "
            "documents for return, with full respect for the right to privacy and the "
            "protection of personal data;"
        ),
        justification=(
            "Biometric data exchanged for return must be protected by clear safeguards."
        ),
        state="draft",
    ),
    DemoAmendment(
        key="r2-08",
        delegation="G77",
        author="focal.g77@accord.example",
        revision=2,
        unit="vis3",
        kind="change_words",
        text=(
            "We will implement this Global Compact consistently with our obligations under "
            "international law, so that no migrant is left behind and the needs of migrants in "
            "situations of vulnerability are addressed as a matter of priority."
        ),
        justification=(
            "Migrants in situations of vulnerability require more than consideration; they "
            "require priority action."
        ),
        supporters=("MEX",),
        opposers=("RUS",),
        state="submitted",
    ),
    DemoAmendment(
        key="r2-09",
        delegation="DEU",
        author="focal.deu@accord.example",
        revision=2,
        unit="obj1_c_a",
        kind="change_words",
        text=(
            "Accelerate implementation of the 2030 Agenda for Sustainable Development in "
            "communities of origin, with particular attention to youth employment, vocational "
            "training, access to basic services and the empowerment of women and girls;"
        ),
        justification=(
            "Vocational training is a proven way of creating prospects in communities of origin."
        ),
        supporters=("CHE",),
        state="not_reflected",
    ),
)


# ---------------------------------------------------------------------------------------------
# Consistency check
# ---------------------------------------------------------------------------------------------

_STATUSES = ("open", "agreed_informals", "agreed_ad_ref", "adopted")
_LATEST_REVISION_STATES = ("draft", "submitted", "withdrawn", "not_reflected")
_TEXT_KINDS = ("change_words", "alternative", "add_unit")
_ALL_KINDS = ("change_words", "add_unit", "delete_unit", "alternative", "retain", "reservation")
_ALL_STATES = (
    "draft",
    "submitted",
    "withdrawn",
    "reflected",
    "merged",
    "not_reflected",
    "overtaken",
)
_EMAIL_DOMAIN = "@accord.example"
_SUBPARAGRAPH_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(slots=True)
class _WorkingUnit:
    """One unit of a revision's working copy, as the checker replays the edits."""

    key: str
    kind: str
    number: str | None
    text: str
    parent: str | None
    status: str = "open"


@dataclass(slots=True)
class _RevisionChanges:
    """What the edits producing one revision did to the revision before it."""

    text_changed: set[str]
    deleted: set[str]
    inserted_after: dict[str, list[str]]


def _word_count(text: str) -> int:
    return len(text.split())


def _brackets_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _descendants(units: list[_WorkingUnit], key: str) -> set[str]:
    found: set[str] = set()
    for unit in units:  # parents precede children, so one pass suffices
        if unit.parent == key or unit.parent in found:
            found.add(unit.key)
    return found


def _zero_draft_state() -> list[_WorkingUnit]:
    return [
        _WorkingUnit(unit.key, unit.kind, unit.number, unit.text, unit.parent)
        for unit in ZERO_DRAFT
    ]


def _apply_edits(
    units: list[_WorkingUnit],
    edits: tuple[DemoEdit, ...],
    label: str,
    problems: list[str],
) -> tuple[list[_WorkingUnit], _RevisionChanges]:
    """Replay `edits` on a copy of `units`, recording problems and what changed."""
    state = [_WorkingUnit(u.key, u.kind, u.number, u.text, u.parent, u.status) for u in units]
    original = {u.key: u.text for u in units}
    changes = _RevisionChanges(text_changed=set(), deleted=set(), inserted_after={})
    for index, edit in enumerate(edits):
        where = f"{label} edit #{index} ({edit.op} {edit.unit})"
        positions = {u.key: i for i, u in enumerate(state)}
        if edit.unit not in positions:
            problems.append(f"{where}: unit does not exist at this point")
            continue
        target = state[positions[edit.unit]]
        if edit.op == "edit":
            if edit.text is None and edit.number is None:
                problems.append(f"{where}: an edit needs new text or a new number")
            if edit.text is not None:
                if not _brackets_balanced(edit.text):
                    problems.append(f"{where}: unbalanced brackets")
                target.text = edit.text
            if edit.number is not None:
                target.number = edit.number
        elif edit.op == "insert_after":
            if edit.new_key is None or edit.text is None or edit.number is None:
                problems.append(f"{where}: insert_after needs new_key, text and number")
                continue
            if edit.new_key in positions or any(u.key == edit.new_key for u in ZERO_DRAFT):
                problems.append(f"{where}: new key {edit.new_key!r} is already used")
                continue
            if edit.kind not in ("paragraph", "subparagraph"):
                problems.append(f"{where}: inserted unit kind must be paragraph or subparagraph")
                continue
            if edit.kind != target.kind:
                problems.append(f"{where}: inserted unit must be of the same kind as its sibling")
            # The new unit goes after the target and everything nested in it.
            subtree = _descendants(state, target.key)
            last = max([positions[target.key]] + [positions[k] for k in subtree])
            state.insert(
                last + 1,
                _WorkingUnit(edit.new_key, edit.kind, edit.number, edit.text, target.parent),
            )
            changes.inserted_after.setdefault(edit.unit, []).append(edit.new_key)
        elif edit.op == "delete":
            if _descendants(state, target.key):
                problems.append(f"{where}: cannot delete a unit that still has children")
                continue
            del state[positions[edit.unit]]
            changes.deleted.add(edit.unit)
        elif edit.op == "status":
            if edit.status not in _STATUSES:
                problems.append(f"{where}: missing or unknown status")
                continue
            if edit.status != "open" and "[" in target.text:
                problems.append(f"{where}: a unit with brackets cannot be agreed")
            if target.kind not in ("paragraph", "subparagraph"):
                problems.append(f"{where}: only paragraphs and subparagraphs carry a status")
            target.status = edit.status
        else:
            problems.append(f"{where}: unknown op")
    for unit in state:
        if unit.key in original and unit.text != original[unit.key]:
            changes.text_changed.add(unit.key)
    _check_numbers(state, label, problems)
    return state, changes


def _check_numbers(units: list[_WorkingUnit], label: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for unit in units:
        if unit.kind == "paragraph":
            if unit.number is None or unit.number in seen:
                problems.append(f"{label}: paragraph {unit.key} has a missing or repeated number")
            else:
                seen.add(unit.number)


def _check_zero_draft(problems: list[str]) -> None:
    seen: dict[str, DemoUnit] = {}
    paragraph_number = 0
    letters: dict[str, int] = {}
    for unit in ZERO_DRAFT:
        where = f"zero draft unit {unit.key}"
        if unit.key in seen:
            problems.append(f"{where}: duplicate key")
        parent = seen.get(unit.parent) if unit.parent is not None else None
        parent_kind = parent.kind if parent is not None else None
        if unit.parent is not None and parent is None:
            problems.append(f"{where}: parent {unit.parent!r} missing or after its child")
        if parent_kind == "subparagraph":
            problems.append(f"{where}: a subparagraph cannot contain units")
        seen[unit.key] = unit
        if unit.kind in ("preamble", "section"):
            if unit.number is not None or unit.text != "" or not unit.heading:
                problems.append(f"{where}: containers need a heading, no number and no text")
        elif not unit.text:
            problems.append(f"{where}: paragraphs need text")
        if not _brackets_balanced(unit.text):
            problems.append(f"{where}: unbalanced brackets")
        if unit.kind == "paragraph":
            paragraph_number += 1
            if unit.number != str(paragraph_number):
                problems.append(f"{where}: expected number {paragraph_number}, got {unit.number}")
            if unit.parent is not None and parent_kind not in ("preamble", "section"):
                problems.append(f"{where}: paragraphs belong to the preamble or a section")
        if unit.kind == "subparagraph":
            parent_key = unit.parent or ""
            if parent_kind != "paragraph":
                problems.append(f"{where}: subparagraphs belong to a paragraph")
            letters[parent_key] = letters.get(parent_key, -1) + 1
            expected = f"({_SUBPARAGRAPH_LETTERS[letters[parent_key]]})"
            if unit.number != expected:
                problems.append(f"{where}: expected number {expected}, got {unit.number}")


def _check_people_and_delegations(problems: list[str]) -> None:
    codes = [d.code for d in DELEGATIONS]
    if len(set(codes)) != len(codes):
        problems.append("delegations: duplicate codes")
    by_code = {d.code: d for d in DELEGATIONS}
    for delegation in DELEGATIONS:
        if delegation.kind == "state" and delegation.members:
            problems.append(f"delegation {delegation.code}: a State has no members")
        if delegation.kind != "state" and not delegation.members:
            problems.append(f"delegation {delegation.code}: a group needs members")
        for member in delegation.members:
            if member not in by_code or member == delegation.code:
                problems.append(f"delegation {delegation.code}: unknown member {member!r}")
            elif by_code[member].kind != "state":
                problems.append(f"delegation {delegation.code}: member {member} is not a State")

    emails = [p.email for p in PEOPLE]
    if len(set(emails)) != len(emails):
        problems.append("people: duplicate emails")
    focal_points: dict[str, int] = {}
    for person in PEOPLE:
        where = f"person {person.email}"
        if not person.email.endswith(_EMAIL_DOMAIN):
            problems.append(f"{where}: email must be under accord.example")
        if person.role == "delegate":
            if person.delegation not in by_code:
                problems.append(f"{where}: unknown delegation {person.delegation!r}")
            elif person.focal_point:
                focal_points[person.delegation] = focal_points.get(person.delegation, 0) + 1
        elif person.delegation is not None or person.focal_point:
            problems.append(f"{where}: only delegates belong to a delegation")
    for code in codes:
        if focal_points.get(code, 0) != 1:
            problems.append(f"delegation {code}: needs exactly one focal point")
    for role in ("co_facilitator", "secretariat", "observer"):
        if not any(p.role == role for p in PEOPLE):
            problems.append(f"people: nobody has the role {role}")


def _check_consultation(problems: list[str]) -> None:
    cluster_keys = [c.key for c in CLUSTERS]
    if len(set(cluster_keys)) != len(cluster_keys):
        problems.append("clusters: duplicate keys")
    people = {p.email: p for p in PEOPLE}
    for index, entry in enumerate(INPUTS):
        where = f"input #{index} ({entry.title})"
        if entry.cluster not in cluster_keys:
            problems.append(f"{where}: unknown cluster {entry.cluster!r}")
        author = people.get(entry.author)
        if author is None or author.role not in ("delegate", "observer"):
            problems.append(f"{where}: author must be a delegate or an observer")
        if not 80 <= _word_count(entry.body) <= 200:
            problems.append(f"{where}: body has {_word_count(entry.body)} words, not 80-200")
    for cluster in cluster_keys:
        if not any(entry.cluster == cluster for entry in INPUTS):
            problems.append(f"cluster {cluster}: no consultation input")
    sessions = [s.cluster for s in SUMMARIES if s.kind == "session"]
    if sorted(c for c in sessions if c is not None) != sorted(cluster_keys):
        problems.append("summaries: need exactly one session summary per cluster")
    stocktaking = [s for s in SUMMARIES if s.kind == "stocktaking"]
    if len(stocktaking) != 1 or stocktaking[0].cluster is not None:
        problems.append("summaries: need one stocktaking summary without a cluster")
    for summary in SUMMARIES:
        if not 100 <= _word_count(summary.body) <= 250:
            problems.append(
                f"summary {summary.title}: {_word_count(summary.body)} words, not 100-250"
            )


def _check_amendment(
    amendment: DemoAmendment,
    revisions: list[dict[str, _WorkingUnit]],
    changes: list[_RevisionChanges],
    merged_count: dict[tuple[int, str], int],
    problems: list[str],
) -> None:
    where = f"amendment {amendment.key}"
    delegations = {d.code for d in DELEGATIONS}
    people = {p.email: p for p in PEOPLE}
    latest = len(revisions) - 1

    if amendment.delegation not in delegations:
        problems.append(f"{where}: unknown delegation {amendment.delegation!r}")
    author = people.get(amendment.author)
    if author is None or author.role != "delegate" or author.delegation != amendment.delegation:
        problems.append(f"{where}: author must be a delegate of {amendment.delegation}")
    others = amendment.co_proponents + amendment.supporters + amendment.opposers
    for code in others:
        if code not in delegations:
            problems.append(f"{where}: unknown delegation {code!r}")
    if len(set(others)) != len(others) or amendment.delegation in others:
        problems.append(f"{where}: proponents, supporters and opposers must not overlap")
    if not amendment.justification.strip():
        problems.append(f"{where}: missing justification")

    if not 0 <= amendment.revision <= latest:
        problems.append(f"{where}: unknown revision {amendment.revision}")
        return
    revision = revisions[amendment.revision]
    target = revision.get(amendment.unit)
    if target is None:
        problems.append(f"{where}: unit {amendment.unit!r} not in revision {amendment.revision}")
        return
    if target.kind not in ("paragraph", "subparagraph"):
        problems.append(f"{where}: amendments target paragraphs or subparagraphs")

    # Text belongs to the kinds that propose words, and only to them.
    if amendment.kind in _TEXT_KINDS:
        if not amendment.text:
            problems.append(f"{where}: a {amendment.kind} amendment needs text")
    elif amendment.text is not None:
        problems.append(f"{where}: a {amendment.kind} amendment carries no text")
    if amendment.kind == "change_words" and amendment.text:
        if amendment.text == target.text:
            problems.append(f"{where}: proposes the text already there")
        similarity = difflib.SequenceMatcher(
            a=target.text.split(), b=amendment.text.split()
        ).ratio()
        if similarity < 0.75:
            problems.append(f"{where}: change_words should change only a few words")
    if amendment.text is not None and not _brackets_balanced(amendment.text):
        problems.append(f"{where}: unbalanced brackets")

    # States must fit the revision: the latest one has nothing to be reflected in yet.
    state = amendment.state
    if amendment.revision == latest:
        if state not in _LATEST_REVISION_STATES:
            problems.append(f"{where}: state {state} impossible on the latest revision")
        return
    if state == "draft":
        problems.append(f"{where}: drafts belong to the latest revision")
        return
    following = changes[amendment.revision + 1]
    next_revision = revisions[amendment.revision + 1]
    if state in ("reflected", "merged"):
        if amendment.kind == "add_unit":
            ok = amendment.unit in following.inserted_after
        elif amendment.kind == "delete_unit":
            ok = amendment.unit in following.deleted
        elif amendment.kind == "reservation":
            ok = False
        else:
            ok = amendment.unit in following.text_changed
        if not ok:
            problems.append(f"{where}: {state} but the next revision does not act on the unit")
        if state == "merged" and merged_count[(amendment.revision, amendment.unit)] < 2:
            problems.append(f"{where}: merged needs another merged amendment on the unit")
    elif state == "overtaken":
        changed = amendment.unit in following.text_changed or amendment.unit in following.deleted
        successor = next_revision.get(amendment.unit)
        if not changed or (successor is not None and successor.text == amendment.text):
            problems.append(f"{where}: overtaken but the unit did not change another way")
    elif state == "submitted" and (
        amendment.unit in following.text_changed or amendment.unit in following.deleted
    ):
        problems.append(f"{where}: still submitted although the next revision changed the unit")


def _check_amendment_coverage(
    revisions: list[dict[str, _WorkingUnit]], problems: list[str]
) -> None:
    keys = [a.key for a in AMENDMENTS]
    if len(set(keys)) != len(keys):
        problems.append("amendments: duplicate keys")
    for kind in _ALL_KINDS:
        if not any(a.kind == kind for a in AMENDMENTS):
            problems.append(f"amendments: no {kind} amendment")
    for state in _ALL_STATES:
        if not any(a.state == state for a in AMENDMENTS):
            problems.append(f"amendments: no amendment in state {state}")
    latest = len(revisions) - 1
    if not any(a.state == "draft" and a.revision == latest for a in AMENDMENTS):
        problems.append("amendments: no draft on the latest revision")

    def base(amendment: DemoAmendment) -> str:
        unit = revisions[amendment.revision].get(amendment.unit)
        return unit.text if unit is not None else ""

    change_words = [a for a in AMENDMENTS if a.kind == "change_words" and a.text]
    if not any(base(a).count("[") > (a.text or "").count("[") for a in change_words):
        problems.append("amendments: none deletes a bracketed phrase")
    if not any(
        "and regional" in (a.text or "") and "and regional" not in base(a) for a in change_words
    ):
        problems.append("amendments: none adds 'and regional'")
    scripts = {
        "Arabic": r"[\u0600-\u06FF]",
        "Cyrillic": r"[\u0400-\u04FF]",
        "Chinese": r"[\u4E00-\u9FFF]",
        "French": r"\bnous\b",
        "Spanish": r"\blos\b",
    }
    for language, pattern in scripts.items():
        if not any(
            re.search(pattern, f"{a.text or ''} {a.justification}", re.IGNORECASE)
            for a in AMENDMENTS
        ):
            problems.append(f"amendments: none written in {language}")


def check_consistency() -> list[str]:
    """Check the demo data against the rules the loader applies; return the problems found.

    Enforced: unique keys and emails; delegation members defined and themselves States; one
    focal point per delegation and only delegates in delegations; inputs and summaries refer to
    known clusters and people and keep to their word ranges, with one session summary per
    cluster; the zero draft lists parents before children and numbers paragraphs 1, 2, 3...
    and subparagraphs (a), (b)... under each paragraph; brackets balance everywhere; each
    revision's edits apply to units that exist at that point, agree only unbracketed units and
    keep paragraph numbers unique; amendments name a delegate of the proposing delegation, known
    supporters and opposers distinct from the proponents, and a unit of their revision; text is
    present exactly for the kinds that propose words; reflected and merged amendments are acted
    on by the next revision's edits, overtaken ones see their unit changed another way, the
    latest revision carries only draft, submitted, withdrawn or not reflected amendments; every
    kind, every state and the five non-English languages appear.
    """
    problems: list[str] = []
    _check_people_and_delegations(problems)
    _check_consultation(problems)
    _check_zero_draft(problems)

    zero = _zero_draft_state()
    rev1, rev1_changes = _apply_edits(zero, REV1_EDITS, REV1_LABEL, problems)
    rev2, rev2_changes = _apply_edits(rev1, REV2_EDITS, REV2_LABEL, problems)
    revisions = [{u.key: u for u in state} for state in (zero, rev1, rev2)]
    no_changes = _RevisionChanges(text_changed=set(), deleted=set(), inserted_after={})
    changes = [no_changes, rev1_changes, rev2_changes]

    merged_count: dict[tuple[int, str], int] = {}
    for amendment in AMENDMENTS:
        if amendment.state == "merged":
            slot = (amendment.revision, amendment.unit)
            merged_count[slot] = merged_count.get(slot, 0) + 1
    for amendment in AMENDMENTS:
        _check_amendment(amendment, revisions, changes, merged_count, problems)
    _check_amendment_coverage(revisions, problems)
    return problems


if __name__ == "__main__":
    for problem in check_consistency() or ["consistent"]:
        print(problem)
