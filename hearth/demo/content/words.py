"""The words and shapes of the demo company's content: what communities are about, what people
write, when and how much."""

BATCH = 5000
EVENT_FIELDS = [
    "id",
    "actor",
    "verb",
    "object_type",
    "object_id",
    "target_type",
    "target_id",
    "community_id",
    "metadata",
    "created_at",
]
COMMENT_FIELDS = ["id", "post", "parent", "author", "body", "html", "created_at"]
DOCUMENT_FIELDS = [
    "key",
    "kind",
    "post_id",
    "comment_id",
    "community_id",
    "author_id",
    "post_kind",
    "title",
    "body",
    "published_at",
    "answered",
    "language",
    "title_terms",
    "body_terms",
]
DAYS = 3 * 365  # three years of history
POSTS_PER_PERSON_YEAR = 4.45  # 400,000 posts for 30,000 people over three years
CHUNK = 4000  # posts written at a time, with their threads (bounded memory)

COMMUNITY_THEMES = [
    ("5G Rollout", "purpose", "Bring 5G to every city office by the end of the year."),
    ("Customer Churn Task Force", "purpose", "Halve churn among small-business customers."),
    ("Fiber to the Home", "purpose", "Connect two million homes with fiber."),
    ("Cloud Migration", "purpose", "Move the billing platform to the cloud safely."),
    ("Retail Store Excellence", "interest", "Share what works in our shops."),
    ("Network Operations", "interest", "Keep the network running; share incidents and fixes."),
    ("Women in Tech", "interest", "Support and celebrate women across Tell All."),
    ("Data & AI Guild", "interest", "Learn and apply data science and machine learning."),
    ("Security Champions", "interest", "Make security everyone's job."),
    ("Sustainability", "purpose", "Cut our energy use per subscriber by 20%."),
    ("New Joiners", "interest", "Welcome and help people who just arrived."),
    ("Running Club", "interest", "Run together, wherever we are."),
    ("Photography", "interest", "Share pictures from our 20 countries."),
    ("Pricing Strategy", "purpose", "Design next year's consumer price plans."),
    ("Developer Experience", "interest", "Faster builds, better tools, happier engineers."),
    ("Customer Voice", "interest", "What customers tell us, and what we do about it."),
    ("Leadership Circle", "interest", "Managers learning from each other."),
    ("Mobile App Redesign", "purpose", "Ship the new self-care app with a 4.5-star rating."),
    ("IoT Partnerships", "purpose", "Sign five industrial IoT partners."),
    ("Book Club", "interest", "One book a month, any language."),
]
SUBJECTS = [
    "the new billing release",
    "the 5G site in {city}",
    "our churn numbers",
    "the fiber rollout",
    "the customer app",
    "the outage last night",
    "the training budget",
    "the Q3 roadmap",
    "the help desk queue",
    "the roaming tariffs",
    "the store opening in {city}",
    "the security audit",
    "the data platform",
    "the onboarding checklist",
    "the partner portal",
    "the network dashboard",
    "our NPS survey",
    "the cloud migration",
    "the sales kick-off",
]
UPDATES = [
    "Quick update on {subject}: we are on track and the team did great work this week.",
    "We just finished {subject}. Lessons learned: start small, measure, share early.",
    "Sharing the slides from today's review of {subject}. Comments welcome!",
    "Heads-up: {subject} moves to next sprint. Happy to explain why.",
    "Customers in {city} noticed {subject} already. Real feedback beats any dashboard.",
]
# A question's title and details, and answers that answer it.
QUESTIONS = [
    (
        "Who knows how to get access to {subject}?",
        "I need it for a customer demo next week.",
        [
            "Request it in the service portal under Access requests; my approval took two days.",
            "Your manager can request it for you. Mention the customer demo and it is "
            "fast-tracked.",
            "I have a demo account for {subject}. Message me and I will lend it until yours "
            "comes through.",
        ],
    ),
    (
        "What is the best way to report problems with {subject}?",
        "Is there a queue or a person?",
        [
            "There is a queue: open a ticket in the service portal under Platform. They "
            "answer within a day.",
            "For anything urgent call the operations desk; for the rest the ticket queue "
            "works well.",
            "Post it in Network Operations as well: the on-call team reads it and always replies.",
        ],
    ),
    (
        "Has anyone measured the impact of {subject}?",
        "Looking for numbers before Friday.",
        [
            "We measured it last quarter in {city}: about 12% fewer calls to the help desk. "
            "I will send you the sheet.",
            "The data platform team has a dashboard for {subject}; ask them for read access.",
            "Not formally, but our store in {city} saw faster sign-ups within a month.",
        ],
    ),
    (
        "How do other countries handle {subject}?",
        "We do it by hand in {city}; there must be a better way.",
        [
            "We use a shared mailbox and a weekly review; it keeps the manual work to an hour.",
            "We automated it with a small script last year. Happy to show you in a call.",
            "We follow the regional template from the Q3 playbook; it halved the manual work.",
        ],
    ),
    (
        "Where can I find the documentation for {subject}?",
        "The wiki link seems broken.",
        [
            "It moved to the new intranet: search for {subject} there. I will fix the old link.",
            "The latest version is pinned in this community's files; the wiki still points "
            "to the old one.",
            "Ask the project lead: they keep the current guide and send it the same day.",
        ],
    ),
]
# An article: its title and its body, paragraphs with headings, as people write them.
ARTICLES = [
    (
        "What we learned from {subject}",
        "Three months ago we started working on {subject}. Here is what we learned, so the "
        "next team can go faster.\n\n"
        "## Start small\n\nWe began with one team in {city} instead of the whole country. "
        "Problems showed up in the first week, when they were still cheap to fix.\n\n"
        "## Measure before and after\n\nWe wrote down three numbers before we changed "
        "anything. Without them we could not have said whether it worked.\n\n"
        "## Share early\n\nEvery Friday we posted what went well and what did not. Other "
        "countries copied the good parts and warned us about the rest.\n\n"
        "Questions are welcome below.",
    ),
    (
        "Five tips about {subject}",
        "After many conversations with colleagues about {subject}, here are five tips that "
        "keep coming back.\n\n"
        "1. Ask who owns it before you start: it saves a week.\n"
        "2. Read the guide on the intranet; it is shorter than it looks.\n"
        "3. Try it with one customer before you announce it.\n"
        "4. Keep a shared checklist so nobody reinvents it.\n"
        "5. Tell the help desk what is coming, so they can answer customers.\n\n"
        "What would you add?",
    ),
    (
        "Why {subject} matters for customers",
        "Every week customers ask us about {subject}. This is why it matters to them, and "
        "what we can do.\n\n"
        "## What customers tell us\n\nIn {city} the store team logged the questions for a "
        "month: most were about waiting, and about not knowing what happens next.\n\n"
        "## What we can do\n\nTell customers what is planned before they ask, and what "
        "changed once it is done. Small messages, sent on time, do more than a campaign.\n\n"
        "## Where to start\n\nPick one message customers miss today and send it next week.",
    ),
]
IDEAS = [
    ("Automate {subject}", "We spend hours every week on {subject}. A small script would help."),
    ("Open office hours for {subject}", "Once a week, experts answer anything about {subject}."),
    ("A shared checklist for {subject}", "Every team reinvents it; let's write it once."),
]
POLLS = [
    ("Which day works best for the {subject} workshop?", ["Monday", "Wednesday", "Friday"]),
    ("How do you mostly follow {subject}?", ["Email", "This network", "Meetings", "I don't"]),
    ("Should we record the sessions about {subject}?", ["Yes", "No", "Only the demos"]),
]
PRAISE = [
    "Huge thanks for the help with {subject}. You saved the week!",
    "Thank you for staying late to fix {subject}. Customers never noticed a thing.",
    "Shout-out for explaining {subject} so clearly to the whole team.",
]
# What others say under each kind of post (questions are answered from their own list above).
COMMENTS = {
    "update": [
        "Great news, well done to the whole team!",
        "Thanks for the update. Is there a date for the next step?",
        "Could you share the numbers behind this?",
        "We tried something similar in {city} and it worked.",
        "Agreed. Let's discuss it at the next sync.",
    ],
    "announcement": [
        "Thanks for the heads-up.",
        "Noted. Does this change anything for the teams in {city}?",
        "Clear, thank you. I will pass it on to my team.",
    ],
    "article": [
        "Great post, thanks for sharing!",
        "Very useful. Starting small matches what we saw in {city}.",
        "Saving this for our next team meeting.",
        "I would add one tip: involve the help desk from day one.",
    ],
    "poll": [
        "Voted. Please share the result here.",
        "Whatever we choose, a recording would help the other time zones.",
        "Happy with any option.",
    ],
    "praise": [
        "Well deserved!",
        "So true, the whole team noticed.",
        "Couldn't agree more. Thank you!",
    ],
    "idea": [
        "I would use this every week.",
        "Love it. Happy to help build it.",
        "Good idea; have you checked with the platform team?",
        "We tried something similar in {city}; happy to share what we learned.",
    ],
}
# A reply to someone's comment, and the author of the post answering under it.
REPLIES = [
    "Thanks, that helps.",
    "Same here; this worked for us too.",
    "Good to know, thanks!",
    "Could you share the link here, so everyone finds it?",
]
# The author speaking first under their own post, before anyone else has.
AUTHOR_FIRST = {
    "question": ["Anyone? Any pointer helps.", "Still looking for this; any pointer helps."],
    "other": ["A little more context: happy to answer questions here.", "Slides to follow."],
}
AUTHOR_REPLIES = {
    "question": [
        "Thank you, that is exactly what I needed.",
        "That worked, thanks! I will update the wiki so the next person finds it.",
        "Thanks, I will try that today.",
    ],
    "other": [
        "Thanks, everyone, for the comments!",
        "Good point; I will follow up and post the answer here.",
        "Thank you! More news in a couple of weeks.",
    ],
}
TOPICS = [
    "5g",
    "fiber",
    "customers",
    "security",
    "cloud",
    "data",
    "retail",
    "innovation",
    "sustainability",
    "onboarding",
]
CITIES = [
    "Lisbon",
    "Madrid",
    "London",
    "Nairobi",
    "Mumbai",
    "São Paulo",
    "Berlin",
    "Lagos",
    "Manila",
    "Mexico City",
    "Warsaw",
    "Jakarta",
]
REACTIONS = ["like"] * 6 + ["celebrate", "insightful", "insightful", "support", "thanks", "thanks"]

# What a post on a #topic is about: its subjects carry the topic's own words, so the text of a
# question, of its answers and of posts on the subject say what it is about, as in a real company.
TOPIC_SUBJECTS = {
    "5g": [
        "the 5G site in {city}",
        "5G small cells",
        "5G spectrum planning",
        "the 5G core upgrade",
    ],
    "fiber": ["the fiber rollout", "fiber splicing in {city}", "fiber to the home in {city}"],
    "customers": ["our churn numbers", "our NPS survey", "customer complaints about roaming"],
    "security": ["the security audit", "phishing tests", "the security patch cycle"],
    "cloud": ["the cloud migration", "Kubernetes clusters in the cloud", "cloud costs"],
    "data": ["the data platform", "the churn prediction model", "data quality dashboards"],
    "retail": ["the store opening in {city}", "retail footfall in {city}", "the store tablets"],
    "innovation": ["the innovation lab", "prototype sprints", "the hackathon results"],
    "sustainability": ["energy use of our sites", "the carbon report", "recycling old handsets"],
    "onboarding": ["the onboarding checklist", "new hire buddies", "the training budget"],
}
# The topics a department's people tend to know (what they work on), whether they list them or
# not: who really knows a subject is only partly written on profiles.
DEPARTMENT_TOPICS = {
    "Network Engineering": ["5g", "fiber"],
    "Software Engineering": ["cloud", "data"],
    "Customer Care": ["customers"],
    "Sales": ["customers", "retail"],
    "Marketing": ["customers", "innovation"],
    "Product": ["innovation", "data"],
    "Finance": ["data"],
    "People & Culture": ["onboarding"],
    "Internal Communications": ["onboarding", "sustainability"],
    "Legal & Compliance": ["security"],
    "IT & Security": ["security", "cloud"],
    "Strategy & Transformation": ["innovation", "sustainability"],
}
