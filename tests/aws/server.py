"""Test harness for `--baseline aws`: moto's server and a fault-injection proxy, both on
loopback, started by the Rust tests (tests/aws.rs) and stopped when its stdin closes.

    python server.py            prints {"moto": URL, "proxy": URL} on one line, then serves

moto (PyPI `moto[server]`, pinned by .ci/run) runs CloudFormation and SSM. Two additions,
both in this file and nowhere in the product:

* `ListImports`, which moto 5.2.5 does not implement: the stacks of the caller's account
  and region whose templates hold `Fn::ImportValue` of the export name (a literal, or a
  `Fn::Sub`/`Fn::Join` of literals and `AWS::` pseudo parameters). Like CloudFormation it
  answers a name nobody imports with the ValidationError "Export 'NAME' is not imported by
  any stack."
* A proxy in front of moto, where the product is pointed (`AWS_ENDPOINT_URL`). It records
  every call (service, action, region) and injects faults set through its control routes:

    POST /__faults  {"throttle": N, "errors": N, "delay_ms": N, "deny_region": R,
                     "deny_action": A}   N throttling replies, N 500s, added latency,
                                         AccessDenied for region R (or only action A there)
    GET  /__calls   [{"service", "action", "region", "key", "ms"}, ...] since the last reset (ms:
                    the time moto took, added latency included)
    POST /__reset   no faults, no calls
    POST /__deploy  {"assembly": DIR}  deploys every stack of a cloud assembly (nested
                    Stages too) with CreateStack/UpdateStack, producers first
    POST /__deploy  {"templates": DIR, "region": R}  deploys every `NAME.json` of DIR as
                    stack NAME, in the order of the names
"""

import json
import logging
import os
import re
import sys
import threading
import time
import urllib.error
import warnings
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

os.environ.setdefault("MOTO_ACCOUNT_ID", "111111111111")

import boto3  # noqa: E402  (after the account is set)
from moto.cloudformation.exceptions import ValidationError  # noqa: E402
from moto.cloudformation.responses import CloudFormationResponse  # noqa: E402
from moto.core.responses import ActionResult  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

# moto warns about every AWS::CDK::Metadata and werkzeug logs every request: quiet.
logging.disable(logging.WARNING)
warnings.filterwarnings("ignore")

BOOTSTRAP_PARAMETER = "/cdk-bootstrap/hnb659fds/version"


def import_names(node, stack_name, region, account):
    """Every export name a template's `Fn::ImportValue`s resolve to without deploying."""
    if isinstance(node, list):
        for item in node:
            yield from import_names(item, stack_name, region, account)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::ImportValue":
                name = literal(value, stack_name, region, account)
                if name is not None:
                    yield name
            else:
                yield from import_names(value, stack_name, region, account)


def literal(value, stack_name, region, account):
    pseudo = {"AWS::StackName": stack_name, "AWS::Region": region, "AWS::AccountId": account}
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Sub" in value and isinstance(value["Fn::Sub"], str):
        text = value["Fn::Sub"]
        return re.sub(r"\$\{([^}]+)\}", lambda m: pseudo.get(m.group(1), m.group(0)), text)
    if isinstance(value, dict) and "Fn::Join" in value:
        sep, parts = value["Fn::Join"]
        resolved = [p if isinstance(p, str) else pseudo.get(p.get("Ref")) for p in parts]
        return None if None in resolved else sep.join(resolved)
    return None


# Stack id -> (template text, the export names it imports): a template is walked once.
IMPORTS_OF = {}


def imports_of(stack):
    cached = IMPORTS_OF.get(stack.stack_id)
    if cached is None or cached[0] is not stack.template:
        names = set(import_names(stack.template_dict, stack.name, stack.region_name, stack.account_id))
        cached = IMPORTS_OF[stack.stack_id] = (stack.template, names)
    return cached[1]


def list_imports(self):
    name = self._get_param("ExportName")
    backend = self.cloudformation_backend
    importers = sorted(
        stack.name
        for stack in list(backend.stacks.values())
        if stack.status != "DELETE_COMPLETE" and name in imports_of(stack)
    )
    if not importers:
        raise ValidationError(message=f"Export '{name}' is not imported by any stack.")
    return ActionResult({"Imports": importers})


CloudFormationResponse.list_imports = list_imports


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with getattr(self, "lock", threading.Lock()):
            self.throttle = 0
            self.errors = 0
            self.delay_ms = 0
            self.deny_region = None
            self.deny_action = None
            self.calls = []


FAULTS = Faults()
MOTO_URL = None

CREDENTIAL = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


def xml_error(code, message):
    return (
        '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">'
        f"<Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>harness</RequestId></ErrorResponse>"
    ).encode()


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__calls":
            with FAULTS.lock:
                body = json.dumps(FAULTS.calls).encode()
            return self.reply(200, body, "application/json")
        self.forward(b"")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/__faults":
            settings = json.loads(body)
            with FAULTS.lock:
                for key, value in settings.items():
                    setattr(FAULTS, key, value)
            return self.reply(200, b"{}", "application/json")
        if self.path == "/__reset":
            FAULTS.reset()
            return self.reply(200, b"{}", "application/json")
        if self.path == "/__deploy":
            try:
                request = json.loads(body)
                if "templates" in request:
                    deployed = deploy_templates(request["templates"], request["region"])
                else:
                    deployed = deploy(request["assembly"])
            except Exception as e:  # the test shows what failed
                return self.reply(500, json.dumps({"error": repr(e)}).encode(), "application/json")
            return self.reply(200, json.dumps(deployed).encode(), "application/json")
        self.forward(body)

    def forward(self, body):
        scope = CREDENTIAL.search(self.headers.get("Authorization", ""))
        key, region, service = scope.groups() if scope else ("", "", "")
        form = urllib.parse.parse_qs(body.decode(errors="replace"))
        action = form.get("Action", [self.headers.get("X-Amz-Target", "").split(".")[-1]])[0]
        started = time.monotonic()
        call = {"service": service, "action": action, "region": region, "key": key}
        with FAULTS.lock:
            FAULTS.calls.append(call)
            delay = FAULTS.delay_ms
            throttled = FAULTS.throttle > 0
            FAULTS.throttle -= 1 if throttled else 0
            failing = not throttled and FAULTS.errors > 0
            FAULTS.errors -= 1 if failing else 0
            denied = region == FAULTS.deny_region and FAULTS.deny_action in (None, action)
        time.sleep(delay / 1000)
        if throttled:
            return self.reply(400, xml_error("Throttling", "Rate exceeded"))
        if failing:
            return self.reply(500, xml_error("InternalFailure", "injected 500"))
        if denied:
            message = f"User: arn:aws:iam::111111111111:user/test is not authorized to perform: cloudformation:{action}"
            return self.reply(403, xml_error("AccessDenied", message))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        request = urllib.request.Request(MOTO_URL + self.path, data=body or None, headers=headers, method=self.command)
        try:
            with urllib.request.urlopen(request) as response:
                status, answer, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, answer, kind = e.code, e.read(), e.headers.get("Content-Type", "")
        call["ms"] = round((time.monotonic() - started) * 1000, 1)
        self.reply(status, answer, kind or "text/xml")


def stacks_of(assembly):
    """(artifact id, stack name, region, template path, dependencies) of every stack."""
    manifest = json.load(open(os.path.join(assembly, "manifest.json")))
    for artifact_id, artifact in manifest.get("artifacts", {}).items():
        properties = artifact.get("properties", {})
        if artifact["type"] == "cdk:cloud-assembly":
            yield from stacks_of(os.path.join(assembly, properties["directoryName"]))
        elif artifact["type"] == "aws:cloudformation:stack":
            region = artifact["environment"].rsplit("/", 1)[1]
            region = "us-east-1" if region == "unknown-region" else region
            template = os.path.join(assembly, properties["templateFile"])
            yield artifact_id, properties.get("stackName", artifact_id), region, template, artifact.get("dependencies", [])


def deploy(assembly):
    """Creates or updates every stack, producers before consumers; returns their names."""
    pending = list(stacks_of(assembly))
    done, order = set(), []
    ids = {s[0] for s in pending}
    while pending:
        ready = [s for s in pending if all(d in done or d not in ids for d in s[4])]
        if not ready:
            raise RuntimeError("dependency cycle")
        for stack in ready:
            pending.remove(stack)
            deploy_stack(*stack[1:4])
            done.add(stack[0])
            order.append(stack[1])
    return order


def deploy_templates(folder, region):
    names = sorted(f[: -len(".json")] for f in os.listdir(folder) if f.endswith(".json"))
    for name in names:
        deploy_stack(name, region, os.path.join(folder, name + ".json"))
    return names


def deploy_stack(name, region, template_file):
    session = dict(endpoint_url=MOTO_URL, region_name=region, aws_access_key_id="test", aws_secret_access_key="test")
    boto3.client("ssm", **session).put_parameter(Name=BOOTSTRAP_PARAMETER, Value="30", Type="String", Overwrite=True)
    cloudformation = boto3.client("cloudformation", **session)
    body = open(template_file).read()
    try:
        cloudformation.describe_stacks(StackName=name)
        exists = True
    except cloudformation.exceptions.ClientError:
        exists = False
    if exists:
        cloudformation.update_stack(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
    else:
        cloudformation.create_stack(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
    status = cloudformation.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]
    if not status.endswith("_COMPLETE") or "ROLLBACK" in status:
        raise RuntimeError(f"{name}: {status}")


def main():
    global MOTO_URL
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    MOTO_URL = f"http://127.0.0.1:{moto._server.server_port}"
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    proxy.daemon_threads = True
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    print(json.dumps({"moto": MOTO_URL, "proxy": f"http://127.0.0.1:{proxy.server_port}"}), flush=True)
    sys.stdin.read()  # the test closes stdin (or exits) to stop us
    proxy.shutdown()
    moto.stop()


if __name__ == "__main__":
    main()
