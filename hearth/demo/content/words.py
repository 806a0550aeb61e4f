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
QUESTIONS = [
    ("Who knows how to get access to {subject}?", "I need it for a customer demo next week."),
    ("What is the best way to report problems with {subject}?", "Is there a queue or a person?"),
    ("Has anyone measured the impact of {subject}?", "Looking for numbers before Friday."),
    (
        "How do other countries handle {subject}?",
        "We do it by hand in {city}; there must be a better way.",
    ),
    ("Where can I find the documentation for {subject}?", "The wiki link seems broken."),
]
ARTICLES = [
    ("What we learned from {subject}", "Three months ago we started working on {subject}. "),
    ("Five tips about {subject}", "After many conversations with colleagues about {subject}, "),
    ("Why {subject} matters for customers", "Every week customers ask us about {subject}. "),
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
ANSWERS = [
    "I had the same problem; ask the platform team, they fixed it for us.",
    "There is a guide on the intranet, I'll share the link.",
    "We measured it last quarter: about 12% better. Happy to walk you through it.",
    "In our country we use a shared mailbox; it works well.",
    "Good question. Following this thread.",
    "Try restarting the process; it worked for me.",
    "Great post, thanks for sharing!",
    "Agreed. Let's discuss it at the next sync.",
    "Could you share the numbers behind this?",
    "We tried something similar in {city} and it worked.",
]
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
