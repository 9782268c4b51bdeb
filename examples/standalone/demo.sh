#!/bin/sh
# Drive a reqres-mock server over its admin API with nothing but curl: configure a workflow,
# call it, read the run back, reset.
#
#   reqres-mock serve examples/ --port 7071 &
#   sh examples/standalone/demo.sh http://127.0.0.1:7071
set -eu
BASE=${1:-http://127.0.0.1:7071}
HERE=$(dirname "$0")
JSON='Content-Type: application/json'

echo "== health"
curl -fsS "$BASE/_reqres/health"
echo

echo "== PUT /_reqres/workflows/orders (a bare definition; Standard and ARM files work too)"
curl -fsS -X PUT -H "$JSON" --data-binary @"$HERE/orders.json" "$BASE/_reqres/workflows/orders" \
  >/dev/null

echo "== its callback URL, as Azure Resource Manager's listCallbackUrl returns it"
URL=$(curl -fsS -X POST "$BASE/_reqres/workflows/orders/triggers/manual/listCallbackUrl" |
  sed -n 's/.*"value":"\([^"]*\)".*/\1/p' | sed 's/{id}/42/')
echo "$URL" | sed 's/sig=[^&]*/sig=***/'

echo "== call it (the order's id goes in the relative path)"
curl -fsS -X POST -H "$JSON" -d '{"item": "book", "quantity": 2}' "$URL"
echo

echo "== a call that breaks the schema gets Logic Apps' 400"
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "$JSON" -d '{"quantity": 2}' "$URL")
echo "$STATUS"
test "$STATUS" = 400

echo "== wait for the accepted run and read it back"
RUNS=$(curl -fsS -X POST -H "$JSON" -d '{"workflow": "orders", "count": 1, "timeout": 5}' \
  "$BASE/_reqres/runs/wait")
echo "$RUNS" | grep -q '"body":{"item":"book","quantity":2}'
echo "$RUNS" | grep -q '"relativePathParameters":{"id":"42"}'
echo "run $(echo "$RUNS" | sed -n 's/^{"value":\[{"id":"\([^"]*\)".*/\1/p') received the order"

echo "== reset: forget the runs and remove the workflow"
curl -fsS -X DELETE "$BASE/_reqres/runs"
curl -fsS -X DELETE "$BASE/_reqres/workflows/orders"
curl -fsS "$BASE/_reqres/runs"
echo
