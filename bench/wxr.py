"""A generated WordPress export (WXR 1.2) for `make bench-import`: posts, threaded comments,
authors and taxonomy shaped like a recovery organisation's blog of some years.

    python -m bench.wxr --posts 5000 --comments 50000 export.xml

The file is written item by item as it is generated, so a 5,000-post export costs no more
memory than one post: the benchmark measures the importer, not this generator. Everything
comes from one random generator seeded by `seed`, so the same arguments give the same file,
byte for byte, and a second import of it must change nothing.

What a real export holds, and the importer must cope with, is here on purpose: drafts with
WordPress's empty "0000-00-00" dates, a few posts from the classic editor (no block comments,
no <p> tags), shortcodes, pages, attachments and menu items to skip, pending, spam and trashed
comments, pingbacks, replies three deep and a comment that contains "]]>". The sentences are
combinations of the phrases below: plausible, repetitive, benchmark data only.
"""

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

SITE = "https://old.example.org"
DEFAULT_SEED = 15
# The day the export was taken: fixed, so the file never depends on today's date. Posts are
# spread over the years before it; "future" (scheduled) posts fall after it.
EXPORTED = datetime(2026, 11, 30, 9, 0, 0)
FIRST_POST = datetime(2014, 3, 1, 8, 0, 0)
# WordPress stores local time and GMT; the blog is on US Eastern standard time, near enough.
UTC_OFFSET = timedelta(hours=-5)
WXR_DATE = "%Y-%m-%d %H:%M:%S"
EMPTY_DATE = "0000-00-00 00:00:00"
# What WordPress writes in <pubDate> for a post that was never published.
EMPTY_PUBDATE = "Mon, 30 Nov -0001 00:00:00 +0000"
MAX_COMMENT_DEPTH = 3

NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}

# (login, first name, last name, display name): display names carry credentials the way
# recovery organisations write them, some none at all.
AUTHORS = [
    ("jdoe", "Jordan", "Doe", "Jordan Doe, LCSW"),
    ("priya.n", "Priya", "Natarajan", "Priya Natarajan, MD"),
    ("marcusb", "Marcus", "Bell", "Marcus Bell, CADC"),
    ("lena", "Lena", "Okafor", "Lena Okafor, LPC, CADC"),
    ("samr", "Sam", "Rivera", "Sam Rivera"),
    ("tkowalski", "Tomasz", "Kowalski", "Tomasz Kowalski, PsyD"),
    ("aisha", "Aisha", "Bello", "Aisha Bello, RN"),
    ("coach-dan", "Daniel", "Reyes", "Dan Reyes, CPRS"),
    ("mwhite", "Margaret", "White", "Maggie White"),
    ("admin", "", "", "Harbor Team"),
]

# (slug, name, parent slug)
CATEGORIES = [
    ("recovery", "Recovery", ""),
    ("relapse-prevention", "Relapse Prevention", "recovery"),
    ("peer-support", "Peer Support", ""),
    ("family", "Family & Loved Ones", ""),
    ("mental-health", "Mental Health", ""),
    ("harm-reduction", "Harm Reduction", ""),
    ("treatment", "Treatment", ""),
    ("wellness", "Wellness", ""),
]

TAGS = [
    "addiction", "alcohol", "anxiety", "aftercare", "boundaries", "cravings", "depression",
    "detox", "exercise", "family therapy", "forgiveness", "gratitude", "grief",
    "group therapy", "harm reduction", "holidays", "hope", "journaling", "meditation",
    "medication", "mindfulness", "naloxone", "nutrition", "opioids", "outpatient",
    "parenting", "peer support", "relapse", "routine", "self-care", "shame", "sleep",
    "sober living", "sponsorship", "stress", "teens", "trauma", "twelve steps",
    "volunteering", "work",
]  # fmt: skip

# (topic as it reads in a title, as it reads in a sentence, category slug)
TOPICS = [
    ("Group Therapy", "group therapy", "peer-support"),
    ("Peer Support", "peer support", "peer-support"),
    ("Mindfulness", "mindfulness", "mental-health"),
    ("Family Therapy", "family therapy", "family"),
    ("Sober Living", "sober living", "recovery"),
    ("Medication-Assisted Treatment", "medication-assisted treatment", "treatment"),
    ("Regular Exercise", "regular exercise", "wellness"),
    ("Journaling", "journaling", "wellness"),
    ("Good Nutrition", "good nutrition", "wellness"),
    ("Better Sleep", "better sleep", "wellness"),
    ("A Relapse Prevention Plan", "a relapse prevention plan", "relapse-prevention"),
    ("Art Therapy", "art therapy", "mental-health"),
    ("Time Outdoors", "time outdoors", "wellness"),
    ("Twelve-Step Meetings", "twelve-step meetings", "peer-support"),
    ("Harm Reduction", "harm reduction", "harm-reduction"),
    ("Carrying Naloxone", "carrying naloxone", "harm-reduction"),
    ("Aftercare", "aftercare", "treatment"),
    ("A Sponsor", "a sponsor", "peer-support"),
    ("Volunteering", "volunteering", "recovery"),
    ("Outpatient Care", "outpatient care", "treatment"),
    ("Setting Boundaries", "setting boundaries", "family"),
    ("Trauma-Informed Care", "trauma-informed care", "mental-health"),
]

TITLES = [
    "The Power of {topic} in Addiction Recovery",
    "{n} Ways {topic} Supports Your Recovery",
    "What to Expect from {topic}",
    "How {topic} Helps After Detox",
    "A Beginner's Guide to {topic}",
    "Why {topic} Matters in Early Recovery",
    "{topic} and Co-Occurring Disorders",
    "Questions People Ask About {topic}",
    "Making Room for {topic}",
    "{topic}: Stories from Our Community",
]
AUDIENCES = ["", "", "", " for Parents", " for Veterans", " for Young Adults", " at Work",
             " in Your First Year", " During the Holidays"]  # fmt: skip

SUBJECTS = [
    "A steady routine", "Your counselor", "A sponsor you trust", "Peer support",
    "Honest journaling", "A short walk each morning", "Family therapy", "A recovery coach",
    "Mindfulness practice", "Good sleep", "A relapse prevention plan", "A weekly meeting",
    "Medication prescribed by your doctor", "Talking with someone who has been there",
    "A sober friend", "Outpatient care", "Eating regular meals", "A breathing exercise",
]  # fmt: skip
VERBS = [
    "helps with", "supports", "strengthens", "eases", "builds", "protects", "makes room for",
    "rebuilds", "encourages", "steadies", "gives shape to", "lightens",
]  # fmt: skip
OBJECTS = [
    "long-term sobriety", "emotional resilience", "the worst of the cravings",
    "trust with loved ones", "the first weeks after detox", "stress at work",
    "self-compassion", "healthy boundaries", "a sense of belonging", "hope for the future",
    "honest conversations at home", "a calmer mind", "motivation on hard days",
    "confidence in social situations", "the feeling of being understood",
]  # fmt: skip
TAILS = [
    "for many people in early recovery", "when old triggers return", "one day at a time",
    "after a setback", "during the holidays", "without judgement", "over months, not days",
    "long after treatment ends", "even when progress feels slow", "in small, steady steps",
    "for the whole family", "when loneliness creeps in",
]  # fmt: skip
FEELINGS = ["anxious", "restless", "tired", "hopeful", "overwhelmed", "unsure", "proud",
            "angry", "ashamed", "relieved"]  # fmt: skip
SITUATIONS = [
    "you leave treatment", "a craving arrives without warning", "a friend relapses",
    "the first anniversary comes around", "family members are slow to trust again",
    "you go back to work", "old friends call", "sleep will not come",
]  # fmt: skip
HELPERS = ["your counselor", "your doctor", "a peer mentor", "your sponsor", "a therapist",
           "someone in your group", "a nurse at the clinic"]  # fmt: skip
BENEFITS = [
    "A sense of belonging", "Shared experiences", "Accountability that feels kind",
    "New coping skills", "Less shame, more honesty", "Hope you can see", "Structure for the week",
    "Better sleep and energy", "Stronger relationships", "Practical knowledge",
    "A safe place to practise", "Room to grieve", "Calm in a crisis", "Giving back",
]  # fmt: skip
HEADINGS = [
    "Getting started", "What the research says", "Common worries", "When to ask for help",
    "A note for families", "What a typical week looks like", "Finding the right fit",
    "Keeping it going", "If you slip",
]  # fmt: skip
LIST_ITEMS = [
    "Write down three people you can call", "Keep a glass of water by the bed",
    "Plan your evenings ahead of time", "Say no to one thing this week",
    "Put the crisis line number in your phone", "Take a ten-minute walk after lunch",
    "Tell someone how you really feel", "Celebrate ninety days, and every day before it",
    "Ask your pharmacist about naloxone", "Notice what you are grateful for",
    "Go to one meeting, even a short one", "Eat breakfast before you check your phone",
]  # fmt: skip
QUOTES = [
    "I did not have to believe it would work. I only had to come back next week.",
    "Recovery gave me my evenings back, and then it gave me my family back.",
    "Nobody in that room needed me to explain. That was the first relief in years.",
    "Some days the win is simply going to bed sober.",
    "My sponsor said: you do not have to do this alone, and you do not have to do it today.",
]

COMMENT_OPENINGS = [
    "Thank you for writing this.", "This is exactly what I needed today.",
    "My brother is ninety days sober and I am sending him this.", "Great article.",
    "I have read this three times now.", "As a mother of someone in recovery, thank you.",
    "Eleven years sober this spring, and this still rings true.", "Interesting read.",
    "I work in a treatment centre and I share posts like this with our clients.",
]  # fmt: skip
COMMENT_MIDDLES = [
    "The part about {object} really hit home.", "I wish I had known about {topic} sooner.",
    "Our group talked about {object} last week.", "Does anyone have advice on {situation}?",
    "I felt so {feeling} when {situation}, and it helped to read this.",
    "{subject} {verb} {object}, at least it did for me.",
    "I started with {topic} after my second stay in detox & it changed a lot.",
    "Honestly, the first month was <b>hard</b>, but it got easier.",
]  # fmt: skip
COMMENT_CLOSINGS = [
    "Keep going, everyone.", "One day at a time.", "Sending strength to anyone reading this.",
    "Thanks again.", "", "", "Would love a follow-up post on this.",
]  # fmt: skip
REPLIES = [
    "Thank you for sharing this with us.", "So glad it helped. You are not alone.",
    "Same here. It does get easier.", "Congratulations on your progress!",
    "That is a great question; our counselors can help, call the number at the top of the page.",
]  # fmt: skip
COMMENTER_FIRST = ["Alex", "Maria", "Chris", "Dana", "Luis", "Keisha", "Tom", "Mei", "Rob",
                   "Fatima", "Jess", "Omar", "Grace", "Kevin", "Nina", "Pat"]  # fmt: skip
COMMENTER_LAST = ["B.", "Garcia", "K.", "O'Brien", "Nguyen", "", "Smith", "T.", "Müller"]
SPAM = [
    'Best prices on <a href="http://spam.example.com">pills</a> online!!!',
    "Great post. Visit my site for cheap watches http://spam.example.net",
]
PINGBACK = "[&#8230;] we wrote about this in our own post on {topic} [&#8230;]"


@dataclass
class Summary:
    """What a generated export holds, counted as it was written."""

    items: int = 0
    posts: int = 0
    statuses: dict = field(default_factory=dict)
    pages: int = 0
    attachments: int = 0
    nav_menu_items: int = 0
    comments: int = 0
    comments_by_approval: dict = field(default_factory=dict)
    pingbacks: int = 0
    replies: int = 0
    deepest_thread: int = 0
    authors: int = len(AUTHORS)
    categories: int = len(CATEGORIES)
    tags: int = len(TAGS)


def cdata(text):
    """`text` as CDATA; a "]]>" inside is split across two sections, as WordPress does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def slugify(text):
    """A slug as WordPress's sanitize_title makes one: apostrophes dropped, the rest hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def wp_date(moment):
    return moment.strftime(WXR_DATE)


class _Writer:
    """One export being written: the random generator, the next ids, the running counts."""

    def __init__(self, out, posts, comments, seed):
        self.out = out
        self.rng = random.Random(seed)
        self.summary = Summary()
        self.posts = posts
        self.comments = comments
        self.next_id = 1
        self.next_comment_id = 1
        self.slugs = {}
        self.author_ids = {login: index + 1 for index, (login, *_) in enumerate(AUTHORS)}

    # --- Layout ---------------------------------------------------------------------------
    def write(self):
        self.header()
        # Extras among the posts, in id order as WordPress exports them: a page per 100 posts,
        # an attachment per 20, a menu of up to 6 items.
        extras = (
            ["page"] * max(1, self.posts // 100)
            + ["attachment"] * max(1, self.posts // 20)
            + ["nav_menu_item"] * min(6, max(1, self.posts // 10))
        )
        self.rng.shuffle(extras)
        total = self.posts + len(extras)
        extra_at = set(self.rng.sample(range(total), len(extras)))
        statuses = self.rng.choices(
            ("publish", "draft", "private", "future", "pending"),
            weights=(88, 5, 3, 3, 1),
            k=self.posts,
        )
        allotment = self.comment_allotment(statuses) if self.posts else []
        span = EXPORTED - FIRST_POST
        post_number = 0
        last_post_id = 0
        for position in range(total):
            if position in extra_at:
                kind = extras.pop()
                self.extra(kind, last_post_id, FIRST_POST + span * (position / total))
                continue
            published = FIRST_POST + span * (position / total)
            published += timedelta(minutes=self.rng.randrange(-600, 600))
            # The newest posts still have a day of comments before the export.
            published = min(published, EXPORTED - timedelta(days=1))
            last_post_id = self.post(published, statuses[post_number], allotment[post_number])
            post_number += 1
        self.out.write("</channel>\n</rss>\n")
        return self.summary

    def comment_allotment(self, statuses):
        """Comments per post, adding up to the total: most posts have a few, some many, some
        none (a long-tailed draw), so the importer meets both empty and busy threads. Only
        posts readers could see (published or private) have comments."""
        open_to = [status in ("publish", "private") for status in statuses]
        if not any(open_to):
            open_to = [True] * len(statuses)
        weights = [
            self.rng.lognormvariate(0, 1) if is_open and self.rng.random() > 0.12 else 0.0
            for is_open in open_to
        ]
        if not any(weights):
            weights = [float(is_open) for is_open in open_to]
        scale = sum(weights)
        counts = [int(self.comments * weight / scale) for weight in weights]
        short = self.comments - sum(counts)
        for index in self.rng.choices(range(len(counts)), weights=weights, k=short):
            counts[index] += 1
        return counts

    def header(self):
        w = self.out.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        w("<!-- Generated by Kinship's bench/wxr.py for the import benchmark. -->\n")
        w('<rss version="2.0"\n')
        for prefix, uri in NAMESPACES.items():
            w(f'\txmlns:{prefix}="{uri}"\n')
        w(">\n<channel>\n")
        w("\t<title>Harbor Recovery Blog</title>\n")
        w(f"\t<link>{SITE}</link>\n")
        w("\t<description>Stories, guidance and hope for recovery</description>\n")
        w(f"\t<pubDate>{format_datetime(EXPORTED - UTC_OFFSET)}</pubDate>\n")
        w("\t<language>en-US</language>\n")
        w("\t<wp:wxr_version>1.2</wp:wxr_version>\n")
        w(f"\t<wp:base_site_url>{SITE}</wp:base_site_url>\n")
        w(f"\t<wp:base_blog_url>{SITE}</wp:base_blog_url>\n\n")
        for login, first, last, display in AUTHORS:
            w(
                f"\t<wp:author><wp:author_id>{self.author_ids[login]}</wp:author_id>"
                f"<wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_email>{cdata(login + '@old.example.org')}</wp:author_email>"
                f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>"
                f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
                f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
            )
        w("\n")
        for term_id, (slug, name, parent) in enumerate(CATEGORIES, start=1):
            w(
                f"\t<wp:category><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for term_id, name in enumerate(TAGS, start=len(CATEGORIES) + 1):
            w(
                f"\t<wp:tag><wp:term_id>{term_id}</wp:term_id>"
                f"<wp:tag_slug>{cdata(slugify(name))}</wp:tag_slug>"
                f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
            )
        w("\n\t<generator>https://wordpress.org/?v=6.4.2</generator>\n\n")

    # --- Items ----------------------------------------------------------------------------
    def take_id(self):
        post_id = self.next_id
        self.next_id += 1
        return post_id

    def unique_slug(self, base):
        """WordPress's -2, -3… suffix for a slug already taken."""
        seen = self.slugs.get(base, 0) + 1
        self.slugs[base] = seen
        return base if seen == 1 else f"{base}-{seen}"

    def item(
        self,
        *,
        post_id,
        title,
        slug,
        link,
        published,
        status,
        post_type,
        creator,
        content,
        excerpt="",
        parent=0,
        menu_order=0,
        terms=(),
        meta=(),
        comments="",
        extra="",
        sticky=0,
    ):
        """One <item>. `published` is local time; a draft has WordPress's empty GMT date."""
        self.summary.items += 1
        draft = status in ("draft", "pending", "auto-draft")
        gmt = EMPTY_DATE if draft else wp_date(published - UTC_OFFSET)
        pubdate = EMPTY_PUBDATE if draft else format_datetime(published - UTC_OFFSET)
        modified = published + timedelta(days=self.rng.choice((0, 0, 0, 2, 30, 200)))
        modified = min(modified, EXPORTED) if status != "future" else published
        parts = [
            "\t<item>\n",
            f"\t\t<title>{cdata(title)}</title>\n",
            f"\t\t<link>{escape(link)}</link>\n",
            f"\t\t<pubDate>{pubdate}</pubDate>\n",
            f"\t\t<dc:creator>{cdata(creator)}</dc:creator>\n",
            f'\t\t<guid isPermaLink="false">{SITE}/?{"page_id" if post_type == "page" else "p"}'
            f"={post_id}</guid>\n",
            "\t\t<description></description>\n",
            f"\t\t<content:encoded>{cdata(content)}</content:encoded>\n",
            f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n",
            f"\t\t<wp:post_id>{post_id}</wp:post_id>\n",
            f"\t\t<wp:post_date>{cdata(wp_date(published))}</wp:post_date>\n",
            f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n",
            f"\t\t<wp:post_modified>{cdata(wp_date(modified))}</wp:post_modified>\n",
            f"\t\t<wp:post_modified_gmt>{cdata(wp_date(modified - UTC_OFFSET))}"
            "</wp:post_modified_gmt>\n",
            f"\t\t<wp:comment_status>{cdata('open' if post_type == 'post' else 'closed')}"
            "</wp:comment_status>\n",
            f"\t\t<wp:ping_status>{cdata('open' if post_type == 'post' else 'closed')}"
            "</wp:ping_status>\n",
            f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n",
            f"\t\t<wp:status>{cdata(status)}</wp:status>\n",
            f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n",
            f"\t\t<wp:menu_order>{menu_order}</wp:menu_order>\n",
            f"\t\t<wp:post_type>{cdata(post_type)}</wp:post_type>\n",
            f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
            f"\t\t<wp:is_sticky>{sticky}</wp:is_sticky>\n",
            extra,
        ]
        for domain, nicename, name in terms:
            parts.append(
                f"\t\t<category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>"
                f"{cdata(name)}</category>\n"
            )
        for key, value in meta:
            parts.append(
                f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
                f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n"
            )
        parts.append(comments)
        parts.append("\t</item>\n")
        self.out.write("".join(parts))

    def post(self, published, status, comment_count):
        rng = self.rng
        post_id = self.take_id()
        title_topic, topic, category = rng.choice(TOPICS)
        title = rng.choice(TITLES).format(topic=title_topic, n=rng.randint(3, 9))
        title += rng.choice(AUDIENCES)
        slug = self.unique_slug(slugify(title))
        if status == "future":
            published = EXPORTED + timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 12))
        self.summary.posts += 1
        self.summary.statuses[status] = self.summary.statuses.get(status, 0) + 1
        login = rng.choice(AUTHORS[:-1] if rng.random() < 0.95 else AUTHORS)[0]
        categories = {category}
        if rng.random() < 0.3:
            categories.add(rng.choice(CATEGORIES)[0])
        names = {slug: name for slug, name, _ in CATEGORIES}
        terms = [("category", slug, names[slug]) for slug in sorted(categories)]
        terms += [("post_tag", slugify(t), t) for t in rng.sample(TAGS, rng.randint(0, 5))]
        classic = rng.random() < 0.1
        body = self.body(title_topic, topic, published, classic)
        excerpt = "" if rng.random() < 0.25 else self.sentence(topic)
        meta = [("_edit_last", str(self.author_ids[login]))]
        if rng.random() < 0.4:
            meta.append(("_yoast_wpseo_metadesc", self.sentence(topic)))
        comments = self.comments_for(post_id, published, topic, comment_count)
        self.item(
            post_id=post_id,
            title=title,
            slug=slug,
            link=f"{SITE}/{published:%Y/%m}/{slug}/",
            published=published,
            status=status,
            post_type="post",
            creator=login,
            content=body,
            excerpt=excerpt,
            terms=terms,
            meta=meta,
            comments=comments,
            sticky=int(rng.random() < 0.005),
        )
        return post_id

    def extra(self, kind, last_post_id, published):
        """A page, an attachment or a menu item: the importer counts and skips these."""
        rng = self.rng
        post_id = self.take_id()
        login = rng.choice(AUTHORS)[0]
        if kind == "page":
            self.summary.pages += 1
            title = rng.choice(("About Us", "Contact", "Our Programs", "Get Help Now", "Events"))
            slug = self.unique_slug(slugify(title))
            self.item(
                post_id=post_id,
                title=title,
                slug=slug,
                link=f"{SITE}/{slug}/",
                published=published,
                status="publish",
                post_type="page",
                creator=login,
                content=self.paragraphs("peer support", 3, classic=False),
                menu_order=rng.randint(0, 5),
            )
        elif kind == "attachment":
            self.summary.attachments += 1
            name = f"recovery-{post_id}"
            url = f"{SITE}/wp-content/uploads/{published:%Y/%m}/{name}.jpg"
            self.item(
                post_id=post_id,
                title=name,
                slug=self.unique_slug(name),
                link=f"{SITE}/?attachment_id={post_id}",
                published=published,
                status="inherit",
                post_type="attachment",
                creator=login,
                content="",
                parent=last_post_id,
                extra=f"\t\t<wp:attachment_url>{cdata(url)}</wp:attachment_url>\n",
                meta=[
                    ("_wp_attached_file", f"{published:%Y/%m}/{name}.jpg"),
                    ("_wp_attachment_image_alt", "A group sitting in a circle"),
                ],
            )
        else:
            self.summary.nav_menu_items += 1
            self.item(
                post_id=post_id,
                title="",
                slug=str(post_id),
                link=f"{SITE}/?p={post_id}",
                published=published,
                status="publish",
                post_type="nav_menu_item",
                creator=login,
                content="",
                menu_order=self.summary.nav_menu_items,
                terms=[("nav_menu", "main-menu", "Main menu")],
                meta=[
                    ("_menu_item_type", "custom"),
                    ("_menu_item_menu_item_parent", "0"),
                    ("_menu_item_url", f"{SITE}/blog/"),
                ],
            )

    # --- Text -----------------------------------------------------------------------------
    def sentence(self, topic):
        rng = self.rng
        form = rng.randrange(6)
        if form == 0:
            text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            text += f"{rng.choice(TAILS)}."
        elif form == 1:
            text = f"It is normal to feel {rng.choice(FEELINGS)} when {rng.choice(SITUATIONS)}."
        elif form == 2:
            text = f"Many people find that {topic} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
        elif form == 3:
            text = f"Talk with {rng.choice(HELPERS)} about {topic} before {rng.choice(SITUATIONS)}."
        elif form == 4:
            text = f"Asking for help with {rng.choice(OBJECTS)} is not a sign of weakness; "
            text += f"it is part of recovery {rng.choice(TAILS)}."
        else:
            text = f"When {rng.choice(SITUATIONS)}, {topic} can make {rng.choice(OBJECTS)} "
            text += "feel within reach."
        return text[0].upper() + text[1:]

    def paragraph_text(self, topic):
        return " ".join(self.sentence(topic) for _ in range(self.rng.randint(3, 5)))

    def paragraphs(self, topic, count, classic):
        texts = [self.paragraph_text(topic) for _ in range(count)]
        if classic:
            # The classic editor stores bare text; WordPress adds <p> only when displaying.
            return "\n\n".join(texts)
        return "\n\n".join(
            f"<!-- wp:paragraph -->\n<p>{escape(text)}</p>\n<!-- /wp:paragraph -->"
            for text in texts
        )

    def heading(self, text, level, classic):
        markup = f"<h{level}>{escape(text)}</h{level}>"
        if classic:
            return markup
        attributes = "" if level == 2 else f' {{"level":{level}}}'
        return f"<!-- wp:heading{attributes} -->\n{markup}\n<!-- /wp:heading -->"

    def body(self, title_topic, topic, published, classic):
        """An article of about 800-1,500 words: an intro, "Benefits of …" with 3-5 h3
        sections, other h2 sections, a list, a quote, now and then an image or a shortcode."""
        rng = self.rng
        blocks = [self.paragraphs(topic, rng.randint(2, 4), classic)]
        uploads = f"{SITE}/wp-content/uploads/{published:%Y/%m}"
        if rng.random() < 0.15:
            image_id = rng.randint(1, max(1, self.next_id))
            blocks.append(
                f'[caption id="attachment_{image_id}" align="aligncenter" width="800"]'
                f'<img class="size-large wp-image-{image_id}" src="{uploads}/group-{image_id}.jpg"'
                f' alt="People talking in a support group" width="800" height="533" /> '
                "Support groups meet every week.[/caption]"
            )
        blocks.append(self.heading(f"Benefits of {title_topic}", 2, classic))
        for benefit in rng.sample(BENEFITS, rng.randint(3, 5)):
            blocks.append(self.heading(benefit, 3, classic))
            blocks.append(self.paragraphs(topic, rng.randint(1, 3), classic))
        for heading in rng.sample(HEADINGS, rng.randint(2, 3)):
            blocks.append(self.heading(heading, 2, classic))
            blocks.append(self.paragraphs(topic, rng.randint(2, 3), classic))
        items = "".join(f"<li>{escape(item)}</li>" for item in rng.sample(LIST_ITEMS, 4))
        if classic:
            blocks.append(f"<ul>{items}</ul>")
            blocks.append(f"<blockquote>{escape(rng.choice(QUOTES))}</blockquote>")
        else:
            blocks.append(f"<!-- wp:list -->\n<ul>{items}</ul>\n<!-- /wp:list -->")
            blocks.append(
                '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>'
                f"{escape(rng.choice(QUOTES))}</p><cite>A member of our community</cite>"
                "</blockquote>\n<!-- /wp:quote -->"
            )
            if rng.random() < 0.2:
                blocks.append(
                    '<!-- wp:image {"sizeSlug":"large"} -->\n<figure class="wp-block-image '
                    f'size-large"><img src="{uploads}/walk-{rng.randint(1, 999)}.jpg" '
                    'alt="A path through the woods"/><figcaption>A morning walk.</figcaption>'
                    "</figure>\n<!-- /wp:image -->"
                )
        if rng.random() < 0.05:
            ids = ",".join(str(rng.randint(1, max(1, self.next_id))) for _ in range(3))
            blocks.append(f'[gallery columns="3" ids="{ids}"]')
        blocks.append(self.heading("You do not have to do this alone", 2, classic))
        blocks.append(self.paragraphs(topic, 1, classic))
        return "\n\n".join(blocks)

    # --- Comments -------------------------------------------------------------------------
    def comment_text(self, topic):
        rng = self.rng
        middle = rng.choice(COMMENT_MIDDLES).format(
            object=rng.choice(OBJECTS),
            topic=topic,
            situation=rng.choice(SITUATIONS),
            feeling=rng.choice(FEELINGS),
            subject=rng.choice(SUBJECTS),
            verb=rng.choice(VERBS),
        )
        parts = [rng.choice(COMMENT_OPENINGS), middle, rng.choice(COMMENT_CLOSINGS)]
        if rng.random() < 0.3:
            parts.insert(
                2, rng.choice(COMMENT_MIDDLES[:3]).format(object=rng.choice(OBJECTS), topic=topic)
            )
        return " ".join(part for part in parts if part)

    def comments_for(self, post_id, published, topic, count):
        """`count` <wp:comment> elements for one post, oldest first; replies point to an
        earlier reader's comment, at most three levels deep."""
        rng = self.rng
        parts = []
        # (comment id, depth) of comments a reply may answer: readers' comments that are
        # approved or pending, never spam, trash or pingbacks.
        answerable = []
        moment = published + timedelta(hours=rng.randint(1, 48))
        for _ in range(count):
            comment_id = self.next_comment_id
            self.next_comment_id += 1
            moment = min(moment + timedelta(minutes=rng.randint(5, 60 * 24 * 20)), EXPORTED)
            kind = rng.choices(("comment", "pingback", "trackback"), weights=(97, 2, 1))[0]
            approved = rng.choices(("1", "0", "spam", "trash"), weights=(85, 8, 5, 2))[0]
            comment_type = ("", "comment")[rng.random() < 0.5] if kind == "comment" else kind
            parent, depth, user_id = 0, 1, 0
            first = rng.choice(COMMENTER_FIRST)
            author = f"{first} {rng.choice(COMMENTER_LAST)}".strip()
            email = f"{slugify(author).replace('-', '.')}{comment_id % 97}@example.com"
            url = f"https://{slugify(first)}.example.net/" if rng.random() < 0.15 else ""
            if kind != "comment":
                author, email = "Another Recovery Blog", ""
                url = f"https://blog.example.com/{comment_id}/"
                text = PINGBACK.format(topic=topic)
                self.summary.pingbacks += 1
            elif approved == "spam":
                text = rng.choice(SPAM)
            else:
                if answerable and rng.random() < 0.35:
                    parent, parent_depth = rng.choice(answerable)
                    depth = parent_depth + 1
                if parent and rng.random() < 0.3:
                    # The post's author answering, signed in: a WordPress user id.
                    login, first_name, last_name, display = rng.choice(AUTHORS[:-1])
                    author, email = display, f"{login}@old.example.org"
                    user_id = self.author_ids[login]
                    text = rng.choice(REPLIES)
                else:
                    text = self.comment_text(topic)
                if comment_id % 1999 == 0:
                    text += " (My keyboard typed ]]> by itself, sorry!)"
                if depth < MAX_COMMENT_DEPTH:
                    answerable.append((comment_id, depth))
                if parent:
                    self.summary.replies += 1
                self.summary.deepest_thread = max(self.summary.deepest_thread, depth)
            self.summary.comments += 1
            by_approval = self.summary.comments_by_approval
            by_approval[approved] = by_approval.get(approved, 0) + 1
            ip = f"203.0.113.{comment_id % 254 + 1}"
            parts.append(
                "\t\t<wp:comment>\n"
                f"\t\t\t<wp:comment_id>{comment_id}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{cdata(author)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n"
                f"\t\t\t<wp:comment_author_url>{escape(url)}</wp:comment_author_url>\n"
                f"\t\t\t<wp:comment_author_IP>{cdata(ip)}</wp:comment_author_IP>\n"
                f"\t\t\t<wp:comment_date>{cdata(wp_date(moment))}</wp:comment_date>\n"
                f"\t\t\t<wp:comment_date_gmt>{cdata(wp_date(moment - UTC_OFFSET))}"
                "</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{cdata(text)}</wp:comment_content>\n"
                f"\t\t\t<wp:comment_approved>{cdata(approved)}</wp:comment_approved>\n"
                f"\t\t\t<wp:comment_type>{cdata(comment_type)}</wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                f"\t\t\t<wp:comment_user_id>{user_id}</wp:comment_user_id>\n"
                "\t\t</wp:comment>\n"
            )
        return "".join(parts)


def write_wxr(target, posts, comments, seed=DEFAULT_SEED):
    """Write an export of `posts` posts and `comments` comments to `target` (a path or a text
    file open for writing) and return its Summary."""
    if hasattr(target, "write"):
        return _Writer(target, posts, comments, seed).write()
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        return _Writer(out, posts, comments, seed).write()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the .xml file to write")
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = write_wxr(args.out, args.posts, args.comments, args.seed)
    seconds = time.perf_counter() - started
    size = args.out.stat().st_size
    print(
        f"Wrote {args.out}: {size / 1e6:.1f} MB in {seconds:.1f} s; {summary.posts:,} posts, "
        f"{summary.comments:,} comments, {summary.pages} pages, {summary.attachments} "
        f"attachments, {summary.nav_menu_items} menu items."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
