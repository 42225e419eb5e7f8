"""Mock interviews: plan (`plan`), sit (`run`), report (`report`), and the use-cases that join them (`service`).

plan.plan_interview(candidates, options, rng) -> Plan       pure: which questions, in which order, and why
run.InterviewSession(store, id, clock=, grader=, rng=)       the sitting, step by step, saved as it goes
report.build_report / render_markdown / render_html          the report as data, markdown and HTML
service.make_plan / create_interview / finish_interview / change_rating / list_interviews / get_report
"""
