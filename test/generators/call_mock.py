"""Calls the mock Braze API through the Python client that swagger-codegen generated from
generated/openapi-3.0.json, and prints one JSON line per call: the operation, the answer's model
class and the answer as a dict. Run by test/generators.test.ts with Debian's /usr/bin/python3:
    python3 call_mock.py <folder of the generated client> <mock url>
"""
import json
import sys

sys.path.insert(0, sys.argv[1])
import braze_client  # noqa: E402
from braze_client.rest import ApiException  # noqa: E402

config = braze_client.Configuration()
config.host = sys.argv[2]
# swagger-codegen's Python template has no bearer scheme: the key goes in as a default header.
api_client = braze_client.ApiClient(config, header_name="Authorization", header_value="Bearer py-key-1")
users = braze_client.UserDataApi(api_client)
campaigns = braze_client.CampaignsApi(api_client)

calls = [
    ("users.track", lambda: users.users_track({
        "attributes": [{"external_id": "py-user-1", "first_name": "Grace", "loyalty_tier": "silver"}],
        "events": [{"external_id": "py-user-1", "name": "opened_app", "time": "2026-11-22T09:30:00Z"}],
    })),
    ("users.exportIds", lambda: users.users_export_ids({
        "external_ids": ["py-user-1", "py-user-2"],
        "fields_to_export": ["first_name", "email"],
    })),
    # swagger-codegen's Python template sends a bool query value as "False", which the spec (and
    # Braze) do not accept; a caller passes the text "false".
    ("campaigns.list", lambda: campaigns.campaigns_list(page=0, sort_direction="desc", include_archived="false")),
]

failed = False
for operation_id, call in calls:
    try:
        answer = call()
        print(json.dumps({"operation": operation_id, "model": type(answer).__name__, "answer": answer.to_dict()}, default=str))
    except ApiException as error:
        failed = True
        print(json.dumps({"operation": operation_id, "status": error.status, "error": error.body if isinstance(error.body, str) else str(error.body)}))
sys.exit(1 if failed else 0)
