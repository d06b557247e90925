"""Deferred calls (task queues, executors, threads, hooks) and ``**kwargs`` built first."""

from __future__ import annotations

from pathlib import Path

from tests.test_static_support import Project, single_file

TASKS = """
from celery import shared_task
from mixpanel import Mixpanel

mp = Mixpanel("token")

@shared_task
def log_event(distinct_id, event_name, **data):
    mp.track(distinct_id, event_name, data)

@shared_task
def send_email(to, subject):
    print(to, subject)
"""


def test_celery_tasks_called_later(tmp_path: Path) -> None:
    project = Project(tmp_path, {
        "app/__init__.py": "",
        "app/tasks.py": TASKS,
        "app/views.py": """
            from app.tasks import log_event, send_email

            def signed_up(user, extra):
                log_event.delay(user.id, "Signed Up", plan="pro")
                log_event.apply_async(args=(user.id, "Async Event"), kwargs={"seats": 2})
                log_event.apply_async((user.id, "Positional Async"))
                log_event.s(user.id, "Signature Event").apply_async()
                log_event.delay(distinct_id=user.id, event_name="Spread Kept", **extra)
                send_email.delay(user.email, "Welcome")
        """,
    })
    calls = project.calls("app/views.py")
    assert [(c.line, c.observation.name) for c in calls] == [
        (5, "Signed Up"), (6, "Async Event"), (7, "Positional Async"),
        (8, "Signature Event"), (9, "Spread Kept")]
    first = calls[0].observation
    assert (dict(first.properties), first.keys_complete) == ({"plan": "pro"}, True)
    assert dict(calls[1].observation.properties) == {"seats": 2}
    assert not calls[4].observation.keys_complete


def test_executors_threads_background_tasks_and_hooks(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        import threading
        from concurrent.futures import ThreadPoolExecutor
        from django.db import transaction
        from fastapi import BackgroundTasks
        import posthog

        executor = ThreadPoolExecutor()

        def send(event, **props):
            posthog.capture(event, distinct_id="u", properties=props)

        def tidy(path):
            print(path)

        def view(tasks: BackgroundTasks, loop):
            executor.submit(send, "Submitted", page="home")
            tasks.add_task(send, "Background Task")
            threading.Thread(target=send, args=("Threaded",), kwargs={"n": 1}).start()
            loop.run_in_executor(None, send, "In Executor")
            transaction.on_commit(lambda: send("On Commit"))
            executor.submit(posthog.capture, "Direct SDK", distinct_id="u")
            executor.submit(tidy, "/tmp")
            threading.Thread(target=tidy, args=("/tmp",)).start()
    """)
    names = [c.observation.name for c in project.calls("app.py") if c.inside_wrapper is None]
    assert names == ["Submitted", "Background Task", "Threaded", "In Executor", "On Commit",
                     "Direct SDK"]
    submitted = next(c for c in project.calls("app.py") if c.observation.name == "Submitted")
    assert dict(submitted.observation.properties) == {"page": "home"}


def test_keyword_arguments_built_in_a_dict_first(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel
        import posthog

        client = Mixpanel("t")

        def log(distinct_id, event_name, flags=None, **data):
            kwargs = dict(distinct_id=distinct_id, event_name=event_name, properties=data)
            client.track(**kwargs)

        def direct(user, more):
            posthog.capture("Inline Spread", **{"distinct_id": user.id})
            options = {"distinct_id": user.id, "properties": {"a": 1}}
            if more:
                options["groups"] = {"company": "c"}
            posthog.capture("Local Options", **options)
            settings = dict(distinct_id=user.id, **more)
            posthog.capture("Partly Known", **settings)
    """)
    calls = project.calls("app.py")
    assert calls[0].inside_wrapper == "app.log"
    inline, local, partly = calls[1:]
    assert inline.observation.name == "Inline Spread"
    assert inline.observation.identity_origin is not None  # the key "distinct_id"
    assert local.observation.properties == {"a": 1} and local.observation.keys_complete
    assert partly.observation.name == "Partly Known"
    assert not partly.observation.keys_complete
    wrapper = next(w for w in project.index.inferred_wrappers if w.qualified_name == "app.log")
    assert (wrapper.spec.event, wrapper.spec.properties) == ("event_name", "**kwargs")


def test_properties_grown_with_update_and_setdefault(tmp_path: Path) -> None:
    project = single_file(tmp_path, """
        from mixpanel import Mixpanel

        mp = Mixpanel("t")

        def f(extra):
            props = {"a": 1}
            props.update({"b": 2})
            props.update(c=3)
            props.setdefault("a", 10)
            props.setdefault("d", 4)
            mp.track("u", "Grown", props)
            other = {"a": 1}
            other.update(extra)
            mp.track("u", "Merged", other)
    """)
    grown, merged = project.calls("app.py")
    assert grown.observation.properties == {"a": 1, "b": 2, "c": 3, "d": 4}
    assert grown.observation.keys_complete
    assert merged.observation.properties == {"a": 1} and not merged.observation.keys_complete


def test_a_function_handed_a_tracking_call_and_called_at_once(tmp_path: Path) -> None:
    """``fire_and_forget(posthog.capture)(...)`` calls ``posthog.capture`` with those
    arguments; the same shape around an ordinary function is no site."""
    project = single_file(tmp_path, """
        import functools
        import threading
        import posthog

        def fire_and_forget(fn):
            @functools.wraps(fn)
            def run(*args, **kwargs):
                threading.Thread(target=fn, args=args, kwargs=kwargs).start()
            return run

        def tidy(path):
            print(path)

        def view(user):
            fire_and_forget(posthog.capture)(user, "Sent Later", {"page": "home"})
            fire_and_forget(tidy)("/tmp")
            functools.lru_cache(tidy)("/tmp")
    """)
    [call] = project.calls("app.py")
    assert (call.line, call.observation.name, dict(call.observation.properties)) == (
        16, "Sent Later", {"page": "home"})
