"""The words and pictures of Kinship's demo site, as plain Python data.

`manage.py load_demo_content` turns this into users, authors, categories, pages and images.
Keeping the content here, away from the loading code, lets editors and clinicians review the
articles without reading any Django.

All articles are original writing for Kinship. They follow our style guide: plain language,
person-first wording ("a person with a substance use disorder", never "an addict"), and no
promises that any single approach works for everyone. Stories and quotes are composites, and
say so. References point to real, public sources.
"""

from dataclasses import dataclass

DEFAULT_PASSWORD = "kinship-demo"
HELPLINE = "1-800-662-4357"  # SAMHSA National Helpline: free, confidential, 24/7.


def _text(value):
    """Collapse the indentation of triple-quoted strings into single spaces."""
    return " ".join(value.split())


# --- Illustrations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Illustration:
    """A calm, generated picture. `title` is its stable key in the image library."""

    title: str
    description: str  # Alternative text for people who cannot see the image.
    top: str
    bottom: str
    accents: tuple[str, ...]
    motif: str  # "circles", "hills" or "waves"; see MOTIFS in demo/drawing.py.


# --- Blocks ------------------------------------------------------------------------------------
# Small builders, so each article below reads like an outline of itself.


def intro(html):
    return ("intro", _text(html))


def paragraph(html):
    return ("paragraph", _text(html))


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def benefit(heading_text, icon, html):
    return ("benefit_section", {"heading": heading_text, "icon": icon, "body": _text(html)})


def quote(text, attribution=""):
    return ("quote", {"quote": _text(text), "attribution": attribution})


def callout(tone, title, html):
    return ("callout", {"tone": tone, "title": title, "text": _text(html)})


def image(illustration, caption=""):
    return (
        "image",
        {"image": illustration, "alt_text": illustration.description, "caption": caption},
    )


def call_to_action(heading_text, html, button_label, **target):
    """`target` is exactly one of page, url, phone or email, as the block requires."""
    return (
        "call_to_action",
        {"heading": heading_text, "text": _text(html), "button_label": button_label, **target},
    )


def references(*items):
    """Each item is (citation, url); url may be empty."""
    return ("references", [{"citation": _text(c), "url": url} for c, url in items])


# --- People ------------------------------------------------------------------------------------

# One demo account per editorial role (DESIGN.md). Groups come from blog/migrations/0002_roles.py.
USERS = [
    {"username": "writer", "first_name": "Alex", "last_name": "Morgan", "group": "Writers"},
    {
        "username": "clinician",
        "first_name": "Maya",
        "last_name": "Castillo",
        "group": "Clinical reviewers",
    },
    {"username": "editor", "first_name": "Sam", "last_name": "Okoro", "group": "Editors"},
    {"username": "moderator", "first_name": "Riley", "last_name": "Chen", "group": "Moderators"},
    {"username": "admin", "first_name": "Kinship", "last_name": "Admin", "superuser": True},
]


@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    credentials: str
    role: str
    bio: str
    colour: str  # Background of the generated initials portrait.
    user: str = ""  # Username of the demo account that belongs to this author, if any.

    @property
    def initials(self):
        return "".join(part[0] for part in self.name.split()[:2]).upper()


AUTHORS = [
    AuthorSpec(
        slug="maya-castillo",
        name="Maya Castillo",
        credentials="LCSW, CADC",
        role="Clinical Director",
        bio=_text("""
            Maya has worked alongside people in recovery and their families for fifteen years,
            in community clinics and residential programmes. She leads Kinship's clinical team
            and reviews every article for accuracy before it is published. She believes that
            recovery happens in relationships.
        """),
        colour="#2f6f73",
        user="clinician",
    ),
    AuthorSpec(
        slug="jordan-reyes",
        name="Jordan Reyes",
        credentials="CPRS",
        role="Peer Support Coordinator",
        bio=_text("""
            Jordan has been in recovery since 2014 and trained as a certified peer recovery
            specialist to offer newcomers the welcome he once received. He runs Kinship's weekly
            peer groups and trains new group facilitators.
        """),
        colour="#8a5a44",
    ),
    AuthorSpec(
        slug="samuel-adeyemi",
        name="Samuel Adeyemi",
        credentials="MD, FASAM",
        role="Addiction Medicine Physician",
        bio=_text("""
            Dr Adeyemi is board-certified in addiction medicine and works in an outpatient clinic
            that offers medication for opioid and alcohol use disorders. He writes about the
            medical side of recovery in plain language.
        """),
        colour="#4a5d8c",
    ),
    AuthorSpec(
        slug="priya-natarajan",
        name="Priya Natarajan",
        credentials="LMFT",
        role="Family Therapist",
        bio=_text("""
            Priya is a licensed marriage and family therapist who supports parents, partners and
            children affected by a loved one's substance use. She leads Kinship's family
            programme.
        """),
        colour="#7a4f7d",
    ),
    AuthorSpec(
        slug="elena-brooks",
        name="Elena Brooks",
        credentials="LPC",
        role="Counselor",
        bio=_text("""
            Elena is a licensed professional counselor who specialises in anxiety and depression
            that occur alongside substance use. She is passionate about reducing stigma in
            mental health care.
        """),
        colour="#5b7a3a",
    ),
]

# --- Taxonomy and site -------------------------------------------------------------------------

CATEGORIES = [
    {
        "slug": "peer-support",
        "name": "Peer support",
        "description": "Groups, mentors and the power of people who have been there.",
    },
    {
        "slug": "family-and-relationships",
        "name": "Family and relationships",
        "description": "Supporting the people you love, and looking after yourself as you do.",
    },
    {
        "slug": "relapse-prevention",
        "name": "Relapse prevention",
        "description": "Spotting warning signs early and planning for the hard moments.",
    },
    {
        "slug": "mental-health",
        "name": "Mental health",
        "description": "Anxiety, depression and emotional wellbeing alongside recovery.",
    },
]

SITE_NAME = "Kinship"

HOME = {
    "title": "Kinship",
    "slug": "kinship",
    "hero_heading": "Recovery is better together",
    "hero_text": _text("""
        <p>Practical, compassionate articles about addiction recovery, written and reviewed by
        counselors, clinicians and people with lived experience.</p>
    """),
    "hero_cta_label": "Read our articles",
}

BLOG_INDEX = {
    "title": "Blog",
    "slug": "blog",
    "introduction": _text("""
        <p>Stories, guidance and practical tools for people in recovery and the people who love
        them. Every article is reviewed by a member of our clinical team.</p>
    """),
}

# Posts featured on the home page, in order.
FEATURED_POSTS = ["power-of-peer-support", "supporting-a-loved-one", "relapse-prevention-plan"]


# --- Articles ----------------------------------------------------------------------------------


# Where a post stands in the editorial workflow (DESIGN.md "Roles"; editorial/publish_rule.py).
LIVE = "live"  # Clinically approved by the clinician, then published by the editor.
IN_CLINICAL_REVIEW = "in clinical review"  # Drafted and submitted by the writer.
SCHEDULED = "scheduled"  # Clinically approved, then scheduled by the editor.


@dataclass(frozen=True)
class PostSpec:
    slug: str
    title: str
    summary: str
    authors: list[str]  # Author slugs, in byline order.
    categories: list[str]
    tags: list[str]
    listing_image: Illustration
    body: list[tuple]
    stage: str = LIVE
    # Live posts: when they were first published, and, for posts revised after publication
    # (so "Last updated" shows), when the current version was published. The clinician
    # approved that version the day before it went live.
    published_days_ago: int | None = None
    updated_days_ago: int | None = None
    # Scheduled posts: how many days from now they go live.
    go_live_in_days: int | None = None

    def __post_init__(self):
        # A mistake here should fail loudly, not load a post in a state nobody meant.
        expected = {
            LIVE: {"published_days_ago"},
            IN_CLINICAL_REVIEW: set(),
            SCHEDULED: {"go_live_in_days"},
        }
        if self.stage not in expected:
            raise ValueError(f"{self.slug}: unknown stage {self.stage!r}")
        timing = {"published_days_ago", "updated_days_ago", "go_live_in_days"}
        given = {name for name in timing if getattr(self, name) is not None}
        allowed = expected[self.stage] | ({"updated_days_ago"} if self.stage == LIVE else set())
        if not expected[self.stage] <= given <= allowed:
            raise ValueError(
                f"{self.slug}: a {self.stage} post takes {sorted(allowed) or 'no dates'}, "
                f"got {sorted(given)}"
            )


PEER_SUPPORT_HEADINGS = [
    "A sense of belonging",
    "Shared experiences",
    "A support network",
    "Learning coping skills",
    "Empowering each other",
]

COMPOSITE = "A Kinship group member (a composite of several stories)"

PEER_SUPPORT = PostSpec(
    slug="power-of-peer-support",
    title="The Power of Peer Support: Group Therapy in Addiction Recovery",
    summary=_text("""
        Recovery can feel lonely, but it does not have to be. How sitting with people who
        understand builds belonging, skills and hope, and how to find a group that fits you.
    """),
    authors=["jordan-reyes", "maya-castillo"],
    categories=["peer-support", "mental-health"],
    tags=["peer support", "group therapy", "coping skills", "first steps"],
    listing_image=Illustration(
        title="Demo illustration: circle of support",
        description="Soft, overlapping circles in teal and gold, like people sitting together.",
        top="#d7ece9",
        bottom="#7fb3ad",
        accents=("#f2c46d", "#2f6f73", "#ffffff", "#e58f65"),
        motif="circles",
    ),
    published_days_ago=4,
    body=[
        intro("""
            <p>Addiction often grows in isolation. Many people describe the time before they
            reached out as a season of keeping secrets, pulling away from friends and feeling
            that nobody could possibly understand. Recovery turns that around, and one of the
            most reliable ways to do it is also one of the simplest: sitting down in a room, or
            joining a video call, with other people who are working on the same thing.</p>
            <p>Group therapy and peer support groups are part of most treatment programmes, and
            for good reason. Research and decades of lived experience point the same way: people
            tend to do better when they do not recover alone. Below we look at five ways a group
            can help, what to expect, and how to take a first step.</p>
        """),
        benefit(
            "A sense of belonging",
            "people",
            """
            <p>Walking into a group for the first time can be nerve-racking. Many people expect
            judgement. What they usually find instead is a room full of nods. When someone says
            out loud a thought you have never dared to share, and the people around them respond
            with recognition rather than shock, something shifts. The shame that kept you quiet
            starts to loosen.</p>
            <p>Belonging is not a nice extra in recovery; it is part of the foundation. Feeling
            connected to others gives you a reason to come back next week, and coming back is
            how change takes hold. Over time the group becomes a place where you are known as a
            whole person, not as a diagnosis or as your hardest days.</p>
            """,
        ),
        benefit(
            "Shared experiences",
            "chat",
            """
            <p>Everyone's story is different, yet many of the turning points are the same: the
            first honest conversation with family, the first weekend without using, the craving
            that arrives out of nowhere on an ordinary Tuesday. Hearing how others handled those
            moments makes them feel less mysterious and far less frightening.</p>
            <p>Shared experience works in the other direction too. When you talk about your own
            progress, even a small win like getting through a difficult family dinner, you may
            be giving someone newer exactly the hope they needed. Many group members say that
            meeting a person a few months further along was the first time recovery looked truly
            possible for them.</p>
            """,
        ),
        benefit(
            "A support network",
            "network",
            """
            <p>A group meets for an hour or two, but the relationships it creates last all week.
            Members often swap phone numbers, meet for coffee or check in by text on hard days.
            Some groups encourage working with a sponsor or peer mentor: someone with more time
            in recovery who has agreed to be a first call when things get tough.</p>
            <p>This network matters most in the moments between appointments: late at night, on
            holidays, after bad news. Knowing there is someone you can reach, who will not
            lecture you and who knows what a craving feels like, can be the difference between
            a hard evening and a setback. It is also a network of practical knowledge: which
            clinic has short waiting times, which employer was understanding, where to find a
            meeting when you travel.</p>
            """,
        ),
        benefit(
            "Learning coping skills",
            "tools",
            """
            <p>Groups led by a therapist often teach specific skills: noticing triggers, riding
            out cravings, calming the body when stress spikes, saying no without starting an
            argument, and planning for high-risk situations. Practising these skills with other
            people, through role-play, worksheets or simply talking through the past week, helps
            them stick far better than reading about them alone.</p>
            <p>Peer-led groups teach skills too, just less formally. You hear dozens of real
            strategies: the person who changed their route home to avoid an old bar, the parent
            who plans every evening around a walk, the member who keeps a list of reasons to
            stay well on their phone. You can try what fits and leave the rest. Recovery is not
            one-size-fits-all, and a group offers a wide menu.</p>
            """,
        ),
        benefit(
            "Empowering each other",
            "sunrise",
            """
            <p>In a group you are never only receiving help; you are giving it as well. Offering
            encouragement, sharing what worked or simply listening well reminds you that you
            have something valuable to offer. For many people, rediscovering that they are
            useful to others is a real boost to self-esteem after years of feeling like a
            burden.</p>
            <p>This mutual help is the heart of peer support. Researchers have long called it
            the <i>helper therapy principle</i>: helping others strengthens the helper's own
            recovery. In time, many members go on to welcome newcomers, lead meetings or train
            as peer recovery specialists, turning their lived experience into hope for the next
            person who walks through the door.</p>
            """,
        ),
        quote(
            """I came to my first meeting planning to sit by the door and leave early. The next
            week, someone had saved me a seat. That was three years ago.""",
            COMPOSITE,
        ),
        callout(
            "support",
            "What if I don't want to talk?",
            """<p>That is completely fine. In almost every group you can simply listen. Many
            people attend several meetings before they share anything, and nobody will push
            you.</p>""",
        ),
        heading("Finding a group that fits"),
        paragraph("""
            <p>There are many kinds of groups, and it is normal to try a few before one feels
            right:</p>
            <ul>
            <li><b>Therapy groups</b> are led by a licensed clinician, usually as part of a
            treatment programme.</li>
            <li><b>Mutual-help groups</b>, such as 12-step fellowships and SMART Recovery, are
            free, peer-led and widely available, in person and online.</li>
            <li><b>Specialist groups</b> focus on particular communities or needs, for example
            women, LGBTQ+ people, veterans or families.</li>
            </ul>
            <p>If a group does not feel right, that says nothing about you. Try another meeting,
            another format or another time of day.</p>
        """),
        call_to_action(
            "Take the first step today",
            """<p>Not sure where to start? The SAMHSA National Helpline is free, confidential and
            open 24 hours a day, every day of the year. They can point you to treatment and
            support groups near you.</p>""",
            f"Call {HELPLINE}",
            phone=HELPLINE,
        ),
        references(
            (
                """Tracy K, Wallace SP. Benefits of peer support groups in the treatment of
                addiction. Substance Abuse and Rehabilitation. 2016;7:143-154.""",
                "https://doi.org/10.2147/SAR.S81535",
            ),
            (
                """Kelly JF, Humphreys K, Ferri M. Alcoholics Anonymous and other 12-step
                programs for alcohol use disorder. Cochrane Database of Systematic Reviews.
                2020;(3):CD012880.""",
                "https://doi.org/10.1002/14651858.CD012880.pub2",
            ),
            (
                """Center for Substance Abuse Treatment. Substance Abuse Treatment: Group
                Therapy. Treatment Improvement Protocol (TIP) Series 41. Rockville, MD:
                Substance Abuse and Mental Health Services Administration; 2005.""",
                "https://www.ncbi.nlm.nih.gov/books/NBK64220/",
            ),
            (
                """Riessman F. The "helper" therapy principle. Social Work.
                1965;10(2):27-32.""",
                "",
            ),
        ),
    ],
)

FIRST_MEETING = PostSpec(
    slug="first-support-group-meeting",
    title="Your First Support Group Meeting: What to Expect",
    summary=_text("""
        Nervous about walking into your first meeting? Almost everyone is. Here is what usually
        happens, and some tips from people who have been there.
    """),
    authors=["jordan-reyes"],
    categories=["peer-support"],
    tags=["peer support", "first steps", "group therapy"],
    listing_image=Illustration(
        title="Demo illustration: open door at dawn",
        description="Gentle hills under a peach sky with a rising sun.",
        top="#fde4cf",
        bottom="#f6b38e",
        accents=("#fff4d6", "#c9785a", "#9c5b4a"),
        motif="hills",
    ),
    published_days_ago=18,
    body=[
        intro("""
            <p>Deciding to go to a support group is a big step. It is completely normal to feel
            nervous beforehand; almost everyone in the room felt the same way at their first
            meeting. Knowing what usually happens can make walking through the door a little
            easier.</p>
        """),
        heading("Before you go"),
        paragraph("""
            <p>Most groups list their meetings online with a time, a place and a short
            description. Some are <b>open</b>, which means anyone can attend, including family
            members. Others are <b>closed</b>, for people working on their own recovery only. If
            you are unsure, it is fine to call or email the organiser and ask. Online meetings
            are another gentle way in: many let you listen from home with your camera off.</p>
        """),
        heading("What usually happens"),
        paragraph("""
            <p>Meetings vary, but many follow a similar shape:</p>
            <ul>
            <li>A short welcome and a reminder that what is said in the room stays in the
            room.</li>
            <li>A reading, a topic or a check-in round where people say how their week has
            gone.</li>
            <li>Time for members to share, one at a time, without interruption and without
            advice unless someone asks for it.</li>
            <li>A close, sometimes followed by informal chat over coffee.</li>
            </ul>
            <p>Most meetings last between an hour and ninety minutes.</p>
        """),
        callout(
            "support",
            "You can just listen",
            """<p>Nobody will make you speak. Saying "I'm new and I'd like to listen today" is
            always enough.</p>""",
        ),
        heading("Tips from people who have been there"),
        paragraph("""
            <ul>
            <li>Arrive a few minutes early. Greeters are usually glad to show newcomers
            around.</li>
            <li>Give it more than one meeting. Each group has its own personality, and the
            second visit usually feels easier than the first.</li>
            <li>Notice the people whose stories you relate to. They can be good people to talk
            to afterwards.</li>
            <li>Look after your safety. Stopping some substances suddenly, especially alcohol or
            benzodiazepines, can be dangerous. A group is support, not a substitute for medical
            care during withdrawal, so talk to a doctor too.</li>
            </ul>
        """),
        quote(
            """Nobody asked me to explain myself. They just said, "Welcome, we're glad you're
            here." """,
            COMPOSITE,
        ),
        paragraph("""
            <p>If the first group you try is not a good fit, that is useful information, not a
            failure. Try a different day, a different format or a different kind of group until
            you find people you feel comfortable with.</p>
        """),
        call_to_action(
            "Find support near you",
            """<p>Many treatment providers run groups. FindTreatment.gov, a free and confidential
            service from SAMHSA, lists providers across the United States.</p>""",
            "Search FindTreatment.gov",
            url="https://findtreatment.gov/",
        ),
    ],
)

SUPPORTING_A_LOVED_ONE = PostSpec(
    slug="supporting-a-loved-one",
    title="Supporting a Loved One in Recovery Without Losing Yourself",
    summary=_text("""
        Caring for someone in recovery can take over your life. Why your own wellbeing matters,
        how to set boundaries with kindness, and ways of talking that help.
    """),
    authors=["priya-natarajan"],
    categories=["family-and-relationships"],
    tags=["families", "boundaries", "self-care", "communication"],
    listing_image=Illustration(
        title="Demo illustration: two paths side by side",
        description="Lilac and rose waves flowing side by side.",
        top="#ece3f3",
        bottom="#b79ac8",
        accents=("#ffffff", "#7a4f7d", "#e7a4b4"),
        motif="waves",
    ),
    published_days_ago=33,
    body=[
        intro("""
            <p>When someone you love is working on their recovery, it is natural to want to do
            everything you can. You might find yourself checking their phone, watching their mood
            or lying awake wondering whether they are all right. That care comes from love. But
            if it takes over your life, it can leave you exhausted and, in the end, less able to
            help.</p>
        """),
        heading("Your wellbeing matters too"),
        paragraph("""
            <p>Family members often put their own needs on hold for months or years. Sleep,
            friendships, hobbies and health slip away. Yet people in recovery generally do better
            when the people around them are steady and supported themselves. Looking after
            yourself is not selfish; it is part of supporting them.</p>
            <p>Small steps count. Keep one evening a week for something you enjoy, tell a trusted
            friend what is going on, and consider a group for families, such as Al-Anon, Nar-Anon
            or a family programme at a local treatment centre.</p>
        """),
        heading("Setting boundaries with kindness"),
        paragraph("""
            <p>A boundary is a clear statement about what you will and will not do. It is about
            your own actions, not about controlling someone else. For example:</p>
            <ul>
            <li>"I won't lend money, but I'm happy to drive you to your appointment."</li>
            <li>"I'm not going to talk about this when you've been drinking. Let's talk tomorrow
            morning."</li>
            <li>"I love you, and I need our home to be free of alcohol and drugs."</li>
            </ul>
            <p>Boundaries work best when they are calm, specific and followed through. Expect
            them to be tested at first; consistency is what makes them feel safe for
            everyone.</p>
        """),
        image(
            Illustration(
                title="Demo illustration: steady hills",
                description="Layered green hills under a pale sky with a soft sun.",
                top="#eef4e4",
                bottom="#b8d39e",
                accents=("#fff8dc", "#7fa65a", "#4f7a3a"),
                motif="hills",
            ),
            caption="Caring for yourself helps you care for them.",
        ),
        heading("Communication that helps"),
        paragraph("""
            <p>Community Reinforcement and Family Training (CRAFT) is an approach that teaches
            family members to communicate in ways that make positive change more likely. A few
            of its ideas are easy to start with:</p>
            <ul>
            <li>Use "I" statements: "I feel worried when you come home late" rather than "You
            always…"</li>
            <li>Notice and appreciate positive steps, however small.</li>
            <li>Choose calm moments for important conversations.</li>
            <li>Allow natural consequences to happen instead of rescuing or covering up.</li>
            </ul>
        """),
        callout(
            "info",
            "A return to use is not the end of the story",
            """<p>Many people return to use at some point on the way to lasting recovery. If it
            happens, it is a signal to adjust the plan. It is not proof that recovery has failed,
            and it is not your fault.</p>""",
        ),
        references(
            (
                """National Institute on Drug Abuse. Principles of Drug Addiction Treatment: A
                Research-Based Guide. 3rd ed. Bethesda, MD: National Institutes of Health;
                2018.""",
                "https://nida.nih.gov/publications/principles-drug-addiction-treatment-research-based-guide-third-edition",
            ),
            (
                """Roozen HG, de Waart R, van der Kroft P. Community reinforcement and family
                training: an effective option to engage treatment-resistant substance-abusing
                individuals in treatment. Addiction. 2010;105(10):1729-1738.""",
                "https://doi.org/10.1111/j.1360-0443.2010.03016.x",
            ),
        ),
    ],
)

TALKING_WITH_CHILDREN = PostSpec(
    slug="talking-with-children-about-recovery",
    title="Talking With Children About a Parent's Recovery",
    summary=_text("""
        Children notice more than we think. How to explain addiction and recovery honestly, at
        the right level for their age, and the messages every child needs to hear.
    """),
    authors=["priya-natarajan", "maya-castillo"],
    categories=["family-and-relationships"],
    tags=["families", "children", "communication"],
    listing_image=Illustration(
        title="Demo illustration: small and large circles",
        description="Warm yellow and coral circles of different sizes, close together.",
        top="#fff3d6",
        bottom="#f7cf8a",
        accents=("#e58f65", "#ffffff", "#c9785a", "#8a5a44"),
        motif="circles",
    ),
    published_days_ago=51,
    body=[
        intro("""
            <p>Children notice far more than adults expect. Even when nobody talks about it, they
            pick up on tension, absences and changes in routine. Without an explanation, they
            often fill the gaps with their own fears, including the fear that it is somehow their
            fault. Honest conversations, pitched at the right level for their age, help children
            feel safe.</p>
        """),
        heading("Keep it simple and true"),
        paragraph("""
            <p>You do not need to share every detail. Young children need short, clear
            explanations, such as: "Dad has an illness called addiction. He is getting help from
            doctors and a group so he can get better." Older children and teenagers can handle
            more information, and they often appreciate being trusted with it.</p>
        """),
        heading("The messages every child needs to hear"),
        paragraph("""
            <p>Whatever their age, children benefit from hearing a few things again and
            again:</p>
            <ul>
            <li><b>It is not your fault.</b> Nothing a child says or does causes a parent's
            substance use.</li>
            <li><b>You can't fix it, and it's not your job to.</b> The adults are taking care of
            it.</li>
            <li><b>You can talk about your feelings.</b> Being angry, sad or confused is
            okay.</li>
            <li><b>You are loved.</b> The illness does not change that.</li>
            </ul>
        """),
        quote(
            """My daughter asked if I was going to my meetings "to get my brain better". That was
            exactly right.""",
            "A parent in recovery (a composite story)",
        ),
        heading("Keep routines steady"),
        paragraph("""
            <p>Predictability helps children feel secure. Regular mealtimes, bedtimes and school
            routines give them solid ground while other things are changing. If a parent is away
            for residential treatment, explain where they are, when the child can see or speak to
            them, and who will look after them in the meantime.</p>
        """),
        heading("Answering hard questions"),
        paragraph("""
            <p>Children may ask things you cannot answer with certainty, such as "Will you get
            sick again?" It is fine to be honest: "I'm working hard to stay well, and I have lots
            of help. If things get hard, the grown-ups will make sure you are looked after." If
            you do not know an answer, say so, and tell them you will keep talking. What matters
            most is that the door stays open.</p>
        """),
        callout(
            "support",
            "Support for young people",
            """<p>Many areas have groups for children and teenagers affected by a family
            member's substance use, such as Alateen. A school counselor or family doctor can also
            help you find support.</p>""",
        ),
        references(
            (
                "National Association for Children of Addiction. The Seven Cs.",
                "https://nacoa.org/",
            ),
        ),
    ],
)

UNDERSTANDING_RELAPSE = PostSpec(
    slug="understanding-relapse-warning-signs",
    title="Understanding Relapse: Warning Signs and What to Do",
    summary=_text("""
        A return to use usually builds slowly, and the early signs can be spotted. The three
        stages of relapse, common warning signs, and what to do when you notice them.
    """),
    authors=["samuel-adeyemi", "maya-castillo"],
    categories=["relapse-prevention"],
    tags=["relapse", "warning signs", "coping skills"],
    listing_image=Illustration(
        title="Demo illustration: calm sea",
        description="Layers of blue waves under a pale evening sky.",
        top="#e2ecf7",
        bottom="#8fb0d6",
        accents=("#ffffff", "#4a5d8c", "#6f8fc0"),
        motif="waves",
    ),
    published_days_ago=67,
    body=[
        intro("""
            <p>Recovery is rarely a straight line, and many people return to use at some point,
            especially in the first year. That does not mean treatment has failed or that a
            person lacks willpower. Substance use disorder is a chronic health condition, and,
            as with other chronic conditions such as high blood pressure or asthma, symptoms can
            come back when circumstances change. The good news is that relapse usually builds
            gradually, and the early signs can be noticed and acted on.</p>
        """),
        heading("Relapse is a process, not a single moment"),
        paragraph("""
            <p>Clinicians often describe three overlapping stages:</p>
            <ol>
            <li><b>Emotional relapse.</b> You are not thinking about using, but your feelings
            and habits are setting the stage: bottling things up, skipping meetings, sleeping or
            eating poorly, spending more time alone.</li>
            <li><b>Mental relapse.</b> Part of you wants to use and part of you does not. You may
            catch yourself remembering only the good times, bargaining ("just once won't hurt")
            or planning how you could get away with it.</li>
            <li><b>Physical relapse.</b> Returning to use.</li>
            </ol>
            <p>The earlier a slide is noticed, the easier it is to turn around.</p>
        """),
        heading("Common warning signs"),
        paragraph("""
            <ul>
            <li>Pulling away from supportive people or routines</li>
            <li>More irritability, anxiety or low mood than usual</li>
            <li>Looking back on past use with nostalgia, or spending time with people you used
            with</li>
            <li>Stopping medication or missing appointments</li>
            <li>Being hungry, angry, lonely or tired (HALT) for long stretches</li>
            </ul>
        """),
        callout(
            "warning",
            "Take extra care with opioids after a break",
            """<p>After a period of not using, the body's tolerance drops. Using the same amount
            as before can cause a fatal overdose. If opioids are involved, keep naloxone close
            and do not use alone.</p>""",
        ),
        heading("If you notice the signs"),
        paragraph("""
            <p>Reach out early: to a sponsor, a counselor, a trusted friend or your group. Say
            what you are noticing out loud. Go back to the basics that helped before, such as
            regular meals, sleep, meetings and movement.</p>
            <p>If you have already returned to use, you have not lost what you learned. Tell
            someone you trust, and get back in touch with your treatment team as soon as you
            can.</p>
        """),
        quote(
            "A slip taught me more about my triggers than a year of things going well.",
            "A person in long-term recovery (a composite story)",
        ),
        call_to_action(
            "Talk to someone tonight",
            """<p>If you are worried about yourself or someone close to you, the SAMHSA National
            Helpline is free, confidential and open around the clock.</p>""",
            "Call the helpline",
            phone=HELPLINE,
        ),
        references(
            (
                """Melemis SM. Relapse prevention and the five rules of recovery. Yale Journal
                of Biology and Medicine. 2015;88(3):325-332.""",
                "https://pmc.ncbi.nlm.nih.gov/articles/PMC4553654/",
            ),
            (
                """National Institute on Drug Abuse. Drugs, Brains, and Behavior: The Science of
                Addiction. Treatment and Recovery. 2020.""",
                "https://nida.nih.gov/publications/drugs-brains-behavior-science-addiction/treatment-recovery",
            ),
        ),
    ],
)

PREVENTION_PLAN = PostSpec(
    slug="relapse-prevention-plan",
    title="Building a Relapse Prevention Plan That Works for You",
    summary=_text("""
        A relapse prevention plan is a short, personal guide for hard moments. Five steps to
        write one on a calm day, so it is ready when you need it.
    """),
    authors=["maya-castillo"],
    categories=["relapse-prevention", "peer-support"],
    tags=["relapse", "coping skills", "mindfulness", "self-care"],
    listing_image=Illustration(
        title="Demo illustration: sunrise over hills",
        description="Rolling teal hills with a golden sun rising behind them.",
        top="#fbe9c8",
        bottom="#f3c98b",
        accents=("#fff4d6", "#5e9c94", "#2f6f73"),
        motif="hills",
    ),
    published_days_ago=96,
    updated_days_ago=12,
    body=[
        intro("""
            <p>A relapse prevention plan is a short, personal document that helps you recognise
            risky moments and know exactly what to do when they arrive. It works a bit like a
            fire-escape plan: you hope you will not need it, but it is far easier to follow a
            plan made on a calm day than to invent one in the middle of a crisis.</p>
        """),
        heading("1. Know your triggers"),
        paragraph("""
            <p>Triggers are the people, places, feelings and situations that make cravings more
            likely. Some are external, like payday, certain neighbourhoods or parties. Others are
            internal, like loneliness, boredom, conflict or even celebration. Write down your top
            five. Specific triggers ("Friday evenings when I'm home alone") are easier to plan
            around than general ones ("stress").</p>
        """),
        heading("2. List your coping strategies"),
        paragraph("""
            <p>For each trigger, write one or two things you can do instead of using. Good
            strategies are realistic and quick to start:</p>
            <ul>
            <li>Call or text someone on your support list.</li>
            <li>Go for a fifteen-minute walk.</li>
            <li>"Urge surf": notice the craving, breathe slowly and watch it rise and fall like
            a wave. Cravings often peak and then fade within half an hour or so.</li>
            <li>Eat something, drink water or rest if you are hungry or tired.</li>
            <li>Go to a meeting, in person or online.</li>
            </ul>
        """),
        heading("3. Build your support list"),
        paragraph("""
            <p>Write down the names and numbers of at least three people you can contact,
            including one who is likely to answer late at night. Add your counselor or clinic,
            your sponsor or peer mentor, and a helpline. Keep the list in your phone and on
            paper.</p>
        """),
        heading("4. Decide what you will do about warning signs"),
        paragraph("""
            <p>Agree with yourself, and ideally with someone you trust, what you will do if you
            notice early warning signs such as skipping meetings or spending more time alone.
            For example: "If I miss two meetings in a row, I'll call my counselor and book a
            check-in."</p>
        """),
        image(
            Illustration(
                title="Demo illustration: path towards the sun",
                description="A wide, soft landscape of hills leading towards a low sun.",
                top="#fde4cf",
                bottom="#e9b48a",
                accents=("#fff4d6", "#b7795a", "#8a5a44"),
                motif="hills",
            ),
            caption="A plan is a map you draw on a calm day, for the days that are not.",
        ),
        heading("5. Review it regularly"),
        paragraph("""
            <p>Your life changes, and so will your triggers. Look at your plan again every few
            months, after big life events and after any slip. Many people find it helpful to go
            through their plan with a counselor or with their group.</p>
        """),
        callout(
            "support",
            "Start small",
            """<p>A plan does not need to be perfect. A few lines on a card in your wallet are
            far better than nothing, and you can always add more later.</p>""",
        ),
        references(
            (
                """Marlatt GA, Donovan DM, eds. Relapse Prevention: Maintenance Strategies in the
                Treatment of Addictive Behaviors. 2nd ed. New York: Guilford Press; 2005.""",
                "",
            ),
            (
                """Bowen S, Witkiewitz K, Clifasefi SL, et al. Relative efficacy of
                mindfulness-based relapse prevention, standard relapse prevention, and treatment
                as usual for substance use disorders: a randomized clinical trial. JAMA
                Psychiatry. 2014;71(5):547-556.""",
                "https://doi.org/10.1001/jamapsychiatry.2013.4546",
            ),
        ),
    ],
)

ANXIETY_AND_DEPRESSION = PostSpec(
    slug="anxiety-depression-and-recovery",
    title="When Anxiety and Depression Walk Alongside Recovery",
    summary=_text("""
        Many people in recovery also live with anxiety or depression. Why the two so often go
        together, why early recovery can feel emotionally loud, and what helps.
    """),
    authors=["elena-brooks", "samuel-adeyemi"],
    categories=["mental-health"],
    tags=["anxiety", "depression", "co-occurring conditions", "self-care"],
    listing_image=Illustration(
        title="Demo illustration: quiet waves at dusk",
        description="Soft grey-blue and lavender waves, like a quiet lake at dusk.",
        top="#e7e6f2",
        bottom="#a7a6cc",
        accents=("#ffffff", "#6d6a9c", "#c8b6d8"),
        motif="waves",
    ),
    published_days_ago=124,
    body=[
        intro("""
            <p>Many people in recovery also live with anxiety, depression or another mental
            health condition. This is so common that clinicians have a name for it: co-occurring
            conditions. According to the US National Institute on Drug Abuse, about half of
            people who experience a mental illness will also experience a substance use disorder
            at some point in their lives, and the reverse is also true. If that is you, you are
            far from alone.</p>
        """),
        heading("Why they so often go together"),
        paragraph("""
            <p>There is no single reason. Some people start using alcohol or drugs to quiet
            anxious thoughts or lift a low mood, and feel relief at first. Over time, substance
            use can deepen those same symptoms, creating a cycle. Shared factors such as
            genetics, trauma and long-term stress can also raise the risk of both.</p>
        """),
        heading("Early recovery can feel emotionally loud"),
        paragraph("""
            <p>In the weeks and months after stopping, feelings that were numbed can return with
            force. Sleep may be disrupted and moods can swing. Some of this eases as the body and
            brain adjust, but if you are struggling, please do not simply wait it out. Anxiety
            and depression are treatable, and treating them supports your recovery.</p>
        """),
        callout(
            "warning",
            "If you are thinking about suicide",
            """<p>Please reach out now. In the US, call or text <b>988</b> to reach the 988
            Suicide &amp; Crisis Lifeline, any time of day or night. If you are in immediate
            danger, call 911.</p>""",
        ),
        heading("What helps"),
        paragraph("""
            <ul>
            <li><b>Integrated care.</b> Look for services that treat mental health and substance
            use together, rather than asking you to sort out one before addressing the
            other.</li>
            <li><b>Open conversations with your prescriber.</b> Some medications for anxiety,
            sleep or pain carry particular risks in recovery, while many others are very safe. A
            doctor who knows your history can help you choose.</li>
            <li><b>Everyday foundations.</b> Regular sleep, movement, daylight and meals have a
            real effect on mood.</li>
            <li><b>Connection.</b> Peer groups for people with co-occurring conditions, such as
            Dual Recovery Anonymous, can be especially validating.</li>
            </ul>
        """),
        quote(
            """Getting treatment for my depression didn't distract from my recovery. It made it
            possible.""",
            "A person in recovery (a composite story)",
        ),
        call_to_action(
            "Support is available 24/7",
            """<p>If you are in emotional distress, trained counselors at the 988 Lifeline are
            ready to listen.</p>""",
            "Call or text 988",
            phone="988",
        ),
        references(
            (
                """National Institute on Drug Abuse. Common Comorbidities with Substance Use
                Disorders Research Report. Bethesda, MD: National Institutes of Health; 2020.""",
                "https://nida.nih.gov/publications/research-reports/common-comorbidities-substance-use-disorders",
            ),
            ("988 Suicide & Crisis Lifeline.", "https://988lifeline.org/"),
        ),
    ],
)

WORDS_MATTER = PostSpec(
    slug="words-matter-person-first-language",
    title="Words Matter: Why We Use Person-First Language",
    summary=_text("""
        The words we use about addiction shape how people are treated. What the research shows,
        and simple swaps anyone can make.
    """),
    authors=["elena-brooks", "jordan-reyes"],
    categories=["mental-health", "peer-support"],
    tags=["stigma", "language", "communication"],
    listing_image=Illustration(
        title="Demo illustration: gathering circles",
        description="Green and cream circles gathered closely together.",
        top="#e9f2e1",
        bottom="#a9c98f",
        accents=("#ffffff", "#5b7a3a", "#f2e2a4", "#7fa65a"),
        motif="circles",
    ),
    published_days_ago=150,
    updated_days_ago=40,
    body=[
        intro("""
            <p>The words we use about addiction shape how people are treated by doctors,
            employers, families and even themselves. At Kinship we write about people, not
            labels. Here is why, and how you can do the same.</p>
        """),
        heading("What research shows"),
        paragraph("""
            <p>In a well-known study, mental health clinicians read a short description of a
            person and answered questions about them. Half were told the person was "a substance
            abuser"; the other half that the person "has a substance use disorder". Everything
            else was identical. Clinicians who read "substance abuser" were more likely to agree
            that the person was to blame for their situation and should be punished. A single
            phrase changed how trained professionals judged the same human being.</p>
        """),
        heading("Simple swaps"),
        paragraph("""
            <ul>
            <li>"Person with a substance use disorder" instead of "addict" or "abuser"</li>
            <li>"Person in recovery" instead of "ex-addict"</li>
            <li>"Not currently using" or "tested negative" instead of "clean"</li>
            <li>"Return to use" as well as "relapse", and never "dirty"</li>
            <li>"Substance use" instead of "abuse"</li>
            </ul>
        """),
        heading("Why it matters for recovery"),
        paragraph("""
            <p>Stigma is one of the reasons people wait years before asking for help. When the
            language around them suggests weakness or wrongdoing, many people hide their
            struggles rather than risk being judged. Respectful words will not end addiction on
            their own, but they make it a little easier for someone to say "I need help", and
            to be met with care when they do.</p>
        """),
        heading("Person-first, but people choose"),
        paragraph("""
            <p>Some people in recovery describe themselves with words like "addict" or
            "alcoholic", especially in 12-step meetings, and that is their choice to make.
            Person-first language is about how we talk <i>about</i> others, particularly in
            public writing, clinical notes and policy. When in doubt, ask people how they would
            like to be described, and follow their lead.</p>
        """),
        quote(
            """When my doctor called me a patient instead of an addict, I started to believe I
            could get better.""",
            "A person in recovery (a composite story)",
        ),
        callout(
            "info",
            "Our style guide",
            """<p>Every Kinship article is reviewed for clear, respectful, person-first language
            before it is published.</p>""",
        ),
        references(
            (
                """Kelly JF, Westerhoff CM. Does it matter how we refer to individuals with
                substance-related conditions? A randomized study of two commonly used terms.
                International Journal of Drug Policy. 2010;21(3):202-207.""",
                "https://doi.org/10.1016/j.drugpo.2009.10.010",
            ),
            (
                """Botticelli MP, Koh HK. Changing the language of addiction. JAMA.
                2016;316(13):1361-1362.""",
                "https://doi.org/10.1001/jama.2016.11874",
            ),
        ),
    ],
)

NALOXONE = PostSpec(
    slug="naloxone-what-families-should-know",
    title="Naloxone: What Every Family Should Know",
    summary=_text("""
        Naloxone can reverse an opioid overdose and restore breathing. How to recognise an
        overdose, what to do step by step, and why keeping naloxone at home makes sense.
    """),
    authors=["samuel-adeyemi"],
    categories=["family-and-relationships", "relapse-prevention"],
    tags=["naloxone", "overdose prevention", "families", "harm reduction"],
    listing_image=Illustration(
        title="Demo illustration: warm light",
        description="Coral and sand coloured waves in warm evening light.",
        top="#fde8dc",
        bottom="#f0a98c",
        accents=("#fff4d6", "#d9745a", "#b9543f"),
        motif="waves",
    ),
    published_days_ago=181,
    updated_days_ago=25,
    body=[
        intro("""
            <p>Naloxone is a medicine that can rapidly reverse an opioid overdose and restore
            breathing. It is safe and easy to use, and in the United States the nasal spray can
            be bought without a prescription. If someone you love uses opioids, whether
            prescribed pain medicine or drugs from the street, keeping naloxone at home is one of
            the most practical things you can do.</p>
        """),
        heading("Why it matters, even in recovery"),
        paragraph("""
            <p>After a period of not using, tolerance falls. If a person returns to use at their
            old amount, the risk of overdose is much higher. The unregulated drug supply also
            increasingly contains fentanyl, a very strong opioid that can be present in pills and
            powders without the person knowing. Keeping naloxone nearby is not expecting the
            worst; it is the same kind of preparation as keeping a fire extinguisher in the
            kitchen.</p>
        """),
        heading("Signs of an opioid overdose"),
        paragraph("""
            <ul>
            <li>The person cannot be woken, or does not respond to your voice or a firm rub on
            the breastbone.</li>
            <li>Breathing is very slow or shallow, or has stopped.</li>
            <li>Lips or fingertips look blue or grey.</li>
            <li>Pupils are very small ("pinpoint").</li>
            <li>There are snoring, gurgling or choking sounds.</li>
            </ul>
        """),
        heading("What to do"),
        paragraph("""
            <ol>
            <li><b>Call 911.</b> Say that the person is unresponsive or not breathing.</li>
            <li><b>Give naloxone.</b> For the nasal spray, lay the person on their back, put the
            nozzle in one nostril and press the plunger firmly.</li>
            <li><b>Support their breathing.</b> If you are trained, give rescue breaths.</li>
            <li><b>If there is no response after two to three minutes</b>, give a second dose in
            the other nostril.</li>
            <li><b>Stay with them.</b> Once they are breathing, roll them into the recovery
            position. Naloxone can wear off before the opioid does, so the overdose can
            return.</li>
            </ol>
        """),
        callout(
            "warning",
            "Not sure it is an opioid overdose?",
            """<p>Give naloxone anyway. It has no effect on someone who has not taken opioids, so
            it is safe to use whenever an opioid overdose is possible.</p>""",
        ),
        callout(
            "info",
            "Good Samaritan laws",
            """<p>Most US states have laws that offer some legal protection to people who call
            for help during an overdose. Check the rules where you live, and never let fear of
            getting into trouble stop you from calling 911.</p>""",
        ),
        image(
            Illustration(
                title="Demo illustration: a safe place at home",
                description="Soft peach circles resting together on a warm background.",
                top="#fff0e0",
                bottom="#f5c9a5",
                accents=("#ffffff", "#d9745a", "#f2c46d"),
                motif="circles",
            ),
            caption="Keep naloxone somewhere easy to find, and tell your family where it is.",
        ),
        call_to_action(
            "Get naloxone and a short training",
            """<p>Many pharmacies, health departments and community organisations offer free
            naloxone and short training sessions. The SAMHSA National Helpline can help you find
            one near you.</p>""",
            f"Call {HELPLINE}",
            phone=HELPLINE,
        ),
        references(
            (
                """US Food and Drug Administration. FDA approves first over-the-counter naloxone
                nasal spray. News release, March 29, 2023.""",
                "https://www.fda.gov/news-events/press-announcements/fda-approves-first-over-counter-naloxone-nasal-spray",
            ),
            (
                """Substance Abuse and Mental Health Services Administration. SAMHSA Overdose
                Prevention and Response Toolkit. 2023.""",
                "https://store.samhsa.gov/",
            ),
        ),
    ],
)

# --- Posts on their way to readers, and one due for re-review ---------------------------------
# These show the editorial workflow in the admin: a draft in the clinician's "Awaiting your
# review" list, a post scheduled by the editor, and a live post whose clinical review is more
# than twelve months old, so it appears in the "Clinical review due" report.

SLEEP_IN_RECOVERY = PostSpec(
    slug="sleep-in-early-recovery",
    title="Sleep in Early Recovery: Why Nights Can Be Hard and What Helps",
    summary=_text("""
        Trouble sleeping is one of the most common complaints in early recovery. Why it
        happens, everyday habits that help, and when to talk to a doctor.
    """),
    authors=["elena-brooks"],
    categories=["mental-health", "relapse-prevention"],
    tags=["sleep", "self-care", "early recovery", "coping skills"],
    listing_image=Illustration(
        title="Demo illustration: still water at night",
        description="Deep blue and lilac waves under a calm night sky.",
        top="#dfe3f0",
        bottom="#7c86b5",
        accents=("#ffffff", "#4b5685", "#b7bde0"),
        motif="waves",
    ),
    stage=IN_CLINICAL_REVIEW,
    body=[
        intro("""
            <p>If you are lying awake at three in the morning in the first weeks or months of
            recovery, you are in good company. Poor sleep is one of the most common complaints
            people have after stopping alcohol or drugs, and one of the most frustrating. The
            good news is that sleep usually improves with time, and there is a lot you can do to
            help it along.</p>
        """),
        heading("Why sleep is disrupted"),
        paragraph("""
            <p>Alcohol and many other substances change the way the brain regulates sleep.
            Alcohol, for example, can make it easier to drop off but breaks sleep up later in
            the night, and the body adapts to having it there. When a person stops, natural
            sleep takes a while to find its rhythm again. Withdrawal, stress, low mood and
            irregular routines can all add to the problem. For some people, sleep stays
            unsettled for several months, so it helps to treat sleep as part of recovery rather
            than a side issue.</p>
        """),
        heading("Why it matters"),
        paragraph("""
            <p>Tiredness makes everything harder: cravings feel stronger, patience runs thinner
            and plans are harder to keep. Studies of people recovering from alcohol use disorder
            have found that ongoing insomnia is linked with a higher chance of returning to
            drinking. Looking after your sleep is one way of looking after your recovery.</p>
        """),
        heading("Habits that help"),
        paragraph("""
            <ul>
            <li>Get up at the same time every day, including weekends, even after a bad
            night.</li>
            <li>Keep your bed for sleep. If you have been lying awake for what feels like twenty
            minutes, get up, do something calm in dim light and go back when you feel
            sleepy.</li>
            <li>Get daylight soon after waking, and move your body during the day.</li>
            <li>Cut back on caffeine after lunchtime, and remember that nicotine is a stimulant
            too.</li>
            <li>Give yourself a wind-down routine: a warm shower, a book, gentle stretching or a
            slow breathing exercise.</li>
            </ul>
            <p>None of these works overnight. Give a new habit two or three weeks before you
            judge it.</p>
        """),
        callout(
            "warning",
            "Be careful with sleep aids",
            """<p>Some sleep medicines, including some sold without a prescription, can be
            habit-forming or risky in recovery, and using alcohol or cannabis to get to sleep can
            undo hard-won progress. Talk to a doctor who knows your history before you take
            anything to help you sleep.</p>""",
        ),
        heading("When to ask for help"),
        paragraph("""
            <p>If poor sleep goes on for more than a few weeks, or if you snore loudly, stop
            breathing in your sleep or feel very sleepy during the day, tell your doctor.
            Cognitive behavioral therapy for insomnia (CBT-I) is a short, structured programme
            that is recommended as the first treatment for long-term insomnia, and it can help
            people in recovery too. It is offered in person, in groups and online, so ask your
            treatment team what is available near you.</p>
        """),
        quote(
            """For the first month I barely slept. Setting the same alarm every morning felt
            pointless, until one week it just started working.""",
            COMPOSITE,
        ),
        references(
            (
                """Brower KJ. Insomnia, alcoholism and relapse. Sleep Medicine Reviews.
                2003;7(6):523-539.""",
                "https://doi.org/10.1053/smrv.2002.0248",
            ),
            (
                """Qaseem A, Kansagara D, Forciea MA, Cooke M, Denberg TD. Management of chronic
                insomnia disorder in adults: a clinical practice guideline from the American
                College of Physicians. Annals of Internal Medicine. 2016;165(2):125-133.""",
                "https://doi.org/10.7326/M15-2175",
            ),
        ),
    ],
)

MEDICATIONS_FOR_OUD = PostSpec(
    slug="medications-for-opioid-use-disorder",
    title="Medications for Opioid Use Disorder: Answers to Common Questions",
    summary=_text("""
        Methadone, buprenorphine and naltrexone help many people recover from opioid use
        disorder. How they work, what to expect, and plain answers to the questions families ask
        most.
    """),
    authors=["samuel-adeyemi"],
    categories=["relapse-prevention", "family-and-relationships"],
    tags=["medication", "opioids", "treatment", "families"],
    listing_image=Illustration(
        title="Demo illustration: morning over the valley",
        description="Soft green hills in a valley, with a pale sun rising behind them.",
        top="#e6f0ea",
        bottom="#9cc5b0",
        accents=("#fff8e1", "#4f8a6e", "#2e5e4a"),
        motif="hills",
    ),
    stage=SCHEDULED,
    go_live_in_days=3,
    body=[
        intro("""
            <p>Medications are among the most effective treatments we have for opioid use
            disorder. They ease withdrawal and cravings, lower the risk of overdose and help
            people get back to the lives they want. Yet many people, and many families, still
            have doubts about them. Here are plain answers to the questions we hear most
            often.</p>
        """),
        heading("What are the options?"),
        paragraph("""
            <p>In the United States, three medications are approved for opioid use
            disorder:</p>
            <ul>
            <li><b>Methadone</b> is taken once a day, usually as a liquid, and is given through
            specialised opioid treatment programmes. It activates the brain's opioid receptors
            slowly and steadily, which prevents withdrawal and eases cravings.</li>
            <li><b>Buprenorphine</b> only partly activates those receptors, which lowers the risk
            of overdose. It comes as a film or tablet that dissolves in the mouth, or as a
            weekly or monthly injection, and many doctors, nurse practitioners and physician
            assistants can prescribe it in an ordinary clinic.</li>
            <li><b>Naltrexone</b> blocks opioid receptors, so opioids have little effect. For
            opioid use disorder it is usually given as a monthly injection, and a person
            normally needs to be free of opioids for seven to ten days before starting.</li>
            </ul>
            <p>Each has benefits and drawbacks. The right choice depends on a person's history,
            health and circumstances, and it is a decision to make together with a
            prescriber.</p>
        """),
        heading("Isn't it just swapping one drug for another?"),
        paragraph("""
            <p>This is the most common worry, and it is understandable. But addiction is not
            the same as physical dependence. Addiction means compulsive use that carries on
            despite harm: chasing the next dose, losing control, and life shrinking around the
            drug. Taken as prescribed, a stable dose of methadone or buprenorphine does not
            produce a high or the daily swing between craving and withdrawal. Once their dose is
            settled, most people can work, drive, care for their families and take a full part
            in recovery, much as a person with diabetes relies on insulin.</p>
        """),
        heading("Does it work?"),
        paragraph("""
            <p>The evidence is strong. Large reviews have found that people receiving methadone
            or buprenorphine are far less likely to die, from overdose or from any cause, than
            people with opioid use disorder who are not in treatment. In 2019 the US National
            Academies of Sciences, Engineering, and Medicine concluded that these medications
            save lives, and that withholding them in any care setting denies people appropriate
            medical treatment.</p>
        """),
        heading("How long do people stay on medication?"),
        paragraph("""
            <p>There is no set time limit. Staying in treatment for longer is linked with better
            outcomes, and many people take medication for years. The weeks straight after
            stopping carry a higher risk of overdose, because tolerance falls quickly. If you
            are thinking about coming off, plan it with your prescriber, reduce the dose
            gradually and keep naloxone at home.</p>
        """),
        callout(
            "warning",
            "Take care with alcohol and sedatives",
            """<p>Combining opioid medications with alcohol, benzodiazepines or other sedatives
            raises the risk of dangerously slow breathing. Tell your prescriber about everything
            you take, including medicines bought without a prescription.</p>""",
        ),
        heading("Medication and support go together"),
        paragraph("""
            <p>Medication treats the physical side of opioid use disorder. Counselling, peer
            support and practical help with housing, work and relationships support the rest.
            Most mutual-help groups welcome people who take prescribed medication, although
            attitudes vary from meeting to meeting. If one group does not feel welcoming, try
            another; some groups are specifically for people in medication-assisted
            recovery.</p>
        """),
        quote(
            """My family worried I was still "using". Two years into treatment, I have a job, my
            own apartment, and my kids stay with me every weekend.""",
            "A person in recovery (a composite story)",
        ),
        call_to_action(
            "Find treatment that includes medication",
            """<p>The SAMHSA National Helpline is free, confidential and open around the clock.
            They can help you find providers near you who offer medication for opioid use
            disorder.</p>""",
            f"Call {HELPLINE}",
            phone=HELPLINE,
        ),
        references(
            (
                """National Academies of Sciences, Engineering, and Medicine. Medications for
                Opioid Use Disorder Save Lives. Washington, DC: The National Academies Press;
                2019.""",
                "https://doi.org/10.17226/25310",
            ),
            (
                """Sordo L, Barrio G, Bravo MJ, et al. Mortality risk during and after opioid
                substitution treatment: systematic review and meta-analysis of cohort studies.
                BMJ. 2017;357:j1550.""",
                "https://doi.org/10.1136/bmj.j1550",
            ),
            (
                """Substance Abuse and Mental Health Services Administration. Medications for
                Opioid Use Disorder. Treatment Improvement Protocol (TIP) Series 63. Rockville,
                MD: SAMHSA; 2021.""",
                "https://store.samhsa.gov/",
            ),
        ),
    ],
)

MOVING_YOUR_BODY = PostSpec(
    slug="moving-your-body-in-recovery",
    title="Moving Your Body in Recovery: Exercise as a Coping Tool",
    summary=_text("""
        Exercise will not cure addiction, but regular movement can lift your mood, ease stress
        and fill the hours that substances once took. How to start gently and keep going.
    """),
    authors=["jordan-reyes", "elena-brooks"],
    categories=["mental-health", "relapse-prevention"],
    tags=["exercise", "self-care", "coping skills"],
    listing_image=Illustration(
        title="Demo illustration: trail through spring hills",
        description="Fresh green hills under a pale blue sky with a bright sun.",
        top="#eaf3f8",
        bottom="#b5d6e6",
        accents=("#fffbe6", "#9cc57a", "#6a9a4f", "#4d7c3f"),
        motif="hills",
    ),
    # First published about fourteen months ago and not reviewed since: due for re-review.
    published_days_ago=425,
    body=[
        intro("""
            <p>When you stop drinking or using, you suddenly have time, restless energy and
            feelings that need somewhere to go. For many people in recovery, moving their body
            becomes one of the most dependable ways to handle all three. You do not need a gym
            membership or to think of yourself as sporty. A daily walk counts.</p>
        """),
        heading("What movement can do"),
        paragraph("""
            <p>Exercise is not a treatment for addiction on its own, but it can be a helpful
            partner to treatment. Research with people who have substance use disorders suggests
            that regular physical activity can improve mood and anxiety, help with sleep and
            ease cravings in the moment, although the evidence is still growing. It also offers
            things that are harder to measure: a sense of achievement, a healthy routine and a
            reason to get out of the house.</p>
        """),
        heading("Start small"),
        paragraph("""
            <ul>
            <li>Begin with ten minutes a day of something you enjoy: walking, cycling, swimming,
            gardening or dancing in the kitchen.</li>
            <li>Add a few minutes each week, rather than a lot at once.</li>
            <li>Plan it for a time of day that used to be risky for you, such as straight after
            work or early on a Friday evening.</li>
            <li>Over time, work towards the general guideline for adults: about 150 minutes of
            moderate activity a week, plus muscle-strengthening activity on two days.</li>
            </ul>
        """),
        callout(
            "info",
            "Check in with your doctor first",
            """<p>Long-term alcohol or drug use can affect the heart, liver and bones. If you
            have a health condition, are still going through withdrawal or have not been active
            for a long time, talk to a doctor before starting anything strenuous.</p>""",
        ),
        heading("Make it social"),
        paragraph("""
            <p>Moving with other people adds connection to the benefits. Some recovery
            communities run walking groups, running clubs, yoga classes or team sports for
            people in recovery, and many are free. Ask at your treatment centre or peer group,
            or invite someone from your support list to join you for a regular walk.</p>
        """),
        heading("Watch for all-or-nothing thinking"),
        paragraph("""
            <p>Some people swap one intense habit for another and start exercising for hours
            every day. If exercise begins to feel compulsive, if you train through injuries or
            feel panicky when you miss a session, mention it to your counselor. The aim is
            balance: movement that supports your recovery, not one more thing to feel guilty
            about.</p>
        """),
        quote(
            """On the days I wanted to use, I'd tell myself: walk first, decide later. By the end
            of the walk the wave had usually passed.""",
            COMPOSITE,
        ),
        references(
            (
                """Linke SE, Ussher M. Exercise-based treatments for substance use disorders:
                evidence, theory, and practicality. American Journal of Drug and Alcohol Abuse.
                2015;41(1):7-15.""",
                "https://doi.org/10.3109/00952990.2014.976708",
            ),
            (
                """US Department of Health and Human Services. Physical Activity Guidelines for
                Americans. 2nd ed. Washington, DC: HHS; 2018.""",
                "",
            ),
        ),
    ],
)

POSTS = [
    PEER_SUPPORT,
    FIRST_MEETING,
    SUPPORTING_A_LOVED_ONE,
    TALKING_WITH_CHILDREN,
    UNDERSTANDING_RELAPSE,
    PREVENTION_PLAN,
    ANXIETY_AND_DEPRESSION,
    WORDS_MATTER,
    NALOXONE,
    MOVING_YOUR_BODY,
    SLEEP_IN_RECOVERY,
    MEDICATIONS_FOR_OUD,
]


# --- Reader comments ---------------------------------------------------------------------------
# Written for the demo in our own words; every name is a pseudonym and every address is at
# example.org. Replies nest two levels deep at most (a comment, a reply, a reply to that).
# A comment's text is its stable key on its post: change the words, and a rerun adds it anew.

APPROVED = "approved"  # Public: a moderator approved it.
PENDING = "pending"  # Waiting in the moderation queue (the reader confirmed their address).
URGENT = "urgent"  # Crisis language: held, marked urgent at the top of the queue.


@dataclass(frozen=True)
class CommentSpec:
    name: str  # Shown with the comment; a pseudonym.
    text: str
    hours_after: int  # How long after the post was first published it was written.
    status: str = APPROVED
    from_team: bool = False  # Written by the moderator demo account, as the Kinship team.
    replies: tuple = ()

    def __post_init__(self):
        if self.status not in (APPROVED, PENDING, URGENT):
            raise ValueError(f"{self.name}: unknown comment status {self.status!r}")
        if self.replies and self.status != APPROVED:
            raise ValueError(f"{self.name}: only an approved comment can have replies")
        for reply in self.replies:
            if reply.hours_after <= self.hours_after:
                raise ValueError(f"{reply.name}: a reply must come after the comment it answers")

    @property
    def email(self):
        local = "".join(c if c.isalnum() else "." for c in self.name.lower()).strip(".")
        return f"{'.'.join(part for part in local.split('.') if part)}@example.org"


TEAM_NAME = "Kinship team"

COMMENTS = {
    PEER_SUPPORT.slug: [
        CommentSpec(
            name="Morning Walker",
            hours_after=5,
            text=_text("""
                I sat in the car outside my first group for twenty minutes before I went in.
                Nobody asked me to talk. Someone just passed me a cup of tea and said "glad
                you're here". That was eight months ago and I still go every Tuesday.
            """),
            replies=(
                CommentSpec(
                    name="Blue Kettle",
                    hours_after=9,
                    text=_text("""
                        The car park wait! I did exactly the same. Thank you for writing this,
                        it makes next week feel a bit less scary.
                    """),
                    replies=(
                        CommentSpec(
                            name="Morning Walker",
                            hours_after=12,
                            text=_text("""
                                You've got this. Sit near the door if it helps, that's what I
                                did for the first month.
                            """),
                        ),
                    ),
                ),
                CommentSpec(
                    name="Evening Tide",
                    hours_after=30,
                    text="Eight months of Tuesdays is something to be proud of.",
                ),
                CommentSpec(
                    name="Lantern",
                    hours_after=80,
                    status=PENDING,
                    text=_text("""
                        Does anyone know if it's okay to bring a friend along the first time?
                    """),
                ),
            ),
        ),
        CommentSpec(
            name="J. on nights",
            hours_after=20,
            text=_text("""
                I work nights, so the evening groups near me are impossible. Are there any
                that meet in the morning, or online?
            """),
            replies=(
                CommentSpec(
                    name=TEAM_NAME,
                    hours_after=23,
                    from_team=True,
                    text=_text(f"""
                        Thank you for asking, it's a common question. Many peer groups now
                        meet online at all hours, including early mornings. The SAMHSA
                        National Helpline ({HELPLINE}, free and open day and night) can point
                        you to groups near you or online that fit your shifts.
                    """),
                    replies=(
                        CommentSpec(
                            name="J. on nights",
                            hours_after=40,
                            text="Found a 7am online group. Went twice already. Thank you.",
                        ),
                    ),
                ),
            ),
        ),
        CommentSpec(
            name="Harbour",
            hours_after=44,
            text=_text("""
                What helped me most was hearing someone describe a bad week
                that sounded just like mine, and then hearing how they got through it.
                You can't get that from a leaflet.
            """),
        ),
        CommentSpec(
            name="New leaf",
            hours_after=70,
            status=PENDING,
            text=_text("""
                Reading this on my lunch break. Thinking about trying a group this weekend.
            """),
        ),
        CommentSpec(
            name="Anonymous",
            hours_after=88,
            status=URGENT,
            text=_text("""
                Some nights I want to die, and tonight is one of them. I read this twice.
                I don't know who I could even call.
            """),
        ),
    ],
    SUPPORTING_A_LOVED_ONE.slug: [
        CommentSpec(
            name="A worried sister",
            hours_after=26,
            text=_text("""
                My brother is three weeks into recovery and I keep wanting to check on him
                every hour. This helped me see that I can care without watching his every
                move.
            """),
            replies=(
                CommentSpec(
                    name="Quiet Oak",
                    hours_after=50,
                    text=_text("""
                        I was that sibling once. What worked for us was one agreed check-in a
                        day, and me finding a family group of my own.
                    """),
                    replies=(
                        CommentSpec(
                            name="A worried sister",
                            hours_after=60,
                            text="A group for me too. I hadn't thought of that. Thank you.",
                        ),
                    ),
                ),
            ),
        ),
        CommentSpec(
            name="Dad of two",
            hours_after=100,
            text=_text("""
                The part about looking after yourself too is hard to hear and true.
            """),
        ),
        CommentSpec(
            name="Pillbox",
            hours_after=300,
            status=PENDING,
            text=_text("""
                Great post! Buy now, a detox kit that works in 3 days, no prescription
                needed, www.example.com/detox
            """),
        ),
    ],
}
