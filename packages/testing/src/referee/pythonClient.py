"""The official Kubernetes Python client (Debian's python3-kubernetes) as a
referee of the fake apiserver. Each command talks to the server at URL with
the client's own API classes, and prints what the client saw as JSON lines on
stdout (flushed at once, so the test can react to a watch while it runs).
An ApiException is printed as {"error": status, "reason": ...}.

Usage: pythonClient.py COMMAND URL [ARGS...]
  crud URL                       create, read, patch, replace, list, delete a pod in namespace default
  select URL LABELS FIELDS       names of the pods in namespace default matching both selectors
  pages URL LIMIT                names per page, following the continue token
  watch URL RESOURCE_VERSION     events of a watch on namespace default's pods, one line each
  writes URL                     a failing JSON patch test, a stale replace and a dry-run create of config maps
"""
import json
import sys

from kubernetes import client, watch
from kubernetes.client.rest import ApiException


def out(value):
    print(json.dumps(value), flush=True)


def api(url):
    return client.CoreV1Api(client.ApiClient(client.Configuration(host=url)))


def pod(name, labels):
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"containers": [{"name": "main", "image": "busybox:1.36"}]},
    }


def crud(v1):
    created = v1.create_namespaced_pod("default", pod("py", {"app": "py"}))
    out({"step": "created", "name": created.metadata.name, "uid": created.metadata.uid, "rv": created.metadata.resource_version})
    read = v1.read_namespaced_pod("py", "default")
    out({"step": "read", "name": read.metadata.name, "uid": read.metadata.uid})
    patched = v1.patch_namespaced_pod("py", "default", {"metadata": {"labels": {"tier": "front"}}})
    out({"step": "patched", "labels": patched.metadata.labels, "rv": patched.metadata.resource_version})
    patched.spec.containers[0].image = "busybox:1.37"
    replaced = v1.replace_namespaced_pod("py", "default", patched)
    out({"step": "replaced", "image": replaced.spec.containers[0].image, "rv": replaced.metadata.resource_version})
    listed = v1.list_namespaced_pod("default")
    out({"step": "listed", "names": [p.metadata.name for p in listed.items], "rv": listed.metadata.resource_version})
    v1.delete_namespaced_pod("py", "default")
    out({"step": "deleted"})
    try:
        v1.read_namespaced_pod("py", "default")
        out({"step": "read after delete", "found": True})
    except ApiException as e:
        out({"step": "read after delete", "error": e.status, "reason": e.reason})


def select(v1, labels, fields):
    listed = v1.list_namespaced_pod("default", label_selector=labels, field_selector=fields)
    out({"names": [p.metadata.name for p in listed.items]})


def pages(v1, limit):
    token = None
    while True:
        page = v1.list_namespaced_pod("default", limit=int(limit), _continue=token)
        out({"names": [p.metadata.name for p in page.items], "rv": page.metadata.resource_version})
        token = page.metadata._continue
        if not token:
            return


def watch_pods(v1, resource_version):
    stream = watch.Watch().stream(
        v1.list_namespaced_pod, "default", resource_version=resource_version, allow_watch_bookmarks=True, timeout_seconds=60
    )
    out({"watching": resource_version})
    for event in stream:
        if event["type"] == "BOOKMARK":
            continue
        out({"type": event["type"], "name": event["object"].metadata.name, "rv": event["object"].metadata.resource_version})


def failure(step, e):
    out({"step": step, "error": e.status, "reason": e.reason, "status": json.loads(e.body)})


def writes(v1):
    created = v1.create_namespaced_config_map("default", {"metadata": {"name": "py"}, "data": {"mode": "blue"}})
    out({"step": "created", "rv": created.metadata.resource_version})
    # A list body goes out as application/json-patch+json.
    guarded = [{"op": "test", "path": "/data/mode", "value": "green"}, {"op": "replace", "path": "/data/mode", "value": "red"}]
    try:
        v1.patch_namespaced_config_map("py", "default", guarded)
        out({"step": "json patch with a failing test", "patched": True})
    except ApiException as e:
        failure("json patch with a failing test", e)
    guarded[0]["value"] = "blue"
    patched = v1.patch_namespaced_config_map("py", "default", guarded)
    out({"step": "json patch with a passing test", "mode": patched.data["mode"], "rv": patched.metadata.resource_version})
    created.data["mode"] = "stale"
    try:
        v1.replace_namespaced_config_map("py", "default", created)
        out({"step": "replace with a stale version", "replaced": True})
    except ApiException as e:
        failure("replace with a stale version", e)
    dry = v1.create_namespaced_config_map("default", {"metadata": {"name": "dry"}, "data": {"mode": "dry"}}, dry_run="All")
    out({"step": "dry-run create", "name": dry.metadata.name, "uid": dry.metadata.uid, "rv": dry.metadata.resource_version})
    try:
        v1.read_namespaced_config_map("dry", "default")
        out({"step": "read after dry run", "found": True})
    except ApiException as e:
        out({"step": "read after dry run", "error": e.status})


def main(argv):
    command, url, *args = argv
    v1 = api(url)
    try:
        if command == "crud":
            crud(v1)
        elif command == "select":
            select(v1, *args)
        elif command == "pages":
            pages(v1, *args)
        elif command == "watch":
            watch_pods(v1, *args)
        elif command == "writes":
            writes(v1)
        else:
            raise SystemExit(f"unknown command {command}")
    except ApiException as e:
        out({"error": e.status, "reason": e.reason})


if __name__ == "__main__":
    main(sys.argv[1:])
