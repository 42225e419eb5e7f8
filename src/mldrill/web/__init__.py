"""The web app: a second shell over `mldrill.app`, server-rendered (FastAPI + Jinja2 + htmx), served by uvicorn.

One module per area (`home`, `study`, `interview`, `questions`, `importing`, `progress`, `settings`), each holding
its HTML pages and its JSON routes under `/api/`; both call the same use-case functions. `app.create_app` puts
them together with the security layer (`security`: CSP and other headers, body limits, CSRF) and one error shape
(`errors`). Nothing here holds a rule of its own: rules live in `mldrill.app`.
"""
