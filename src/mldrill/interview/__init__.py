"""Mock interviews, the pure parts: planning, grading an answer into its stored shape, follow-ups, reports.

plan.plan_interview(candidates, options, rng) -> Plan       which questions, in which order, and why
grading.AnswerGrade / choose_followup                      a grade as an interview keeps it; the follow-up
records.InterviewRow / ItemRow / FollowupRow               an interview as stored, as plain data
report.build_report / render_markdown / render_html          the report as data, markdown and HTML

The use-cases that join them to the store live in `mldrill.app.interviews` (plan, create, finish, ratings) and
`mldrill.app.interview_run` (the sitting, step by step, saved as it goes).
"""
