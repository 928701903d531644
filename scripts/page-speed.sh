#!/bin/bash
# Time from navigation to the first rendered result on the sample report, in headless Chromium.
# Needs: `credreport serve --addr 127.0.0.1:8097 --dir dist` and `chromedriver --port=9517` running.
WD=http://127.0.0.1:9517
for i in 1 2 3 4 5; do
  rm -rf /tmp/prof$i
  SID=$(curl -s -X POST $WD/session -H 'Content-Type: application/json' -d '{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--user-data-dir=/tmp/prof'$i'"]}}}}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["value"]["sessionId"])')
  curl -s -X POST $WD/session/$SID/url -H 'Content-Type: application/json' -d '{"url":"http://127.0.0.1:8097/?sample"}' >/dev/null
  sleep 2
  curl -s -X POST $WD/session/$SID/execute/sync -H 'Content-Type: application/json' -d '{"script":"const m = performance.getEntriesByName(\"credreport:first-result\")[0]; const r = performance.getEntriesByType(\"resource\").map(e => [e.name.split(\"/\").pop(), e.transferSize, e.encodedBodySize]); return JSON.stringify({first_result_ms: m ? Math.round(m.startTime) : null, dcl: Math.round(performance.getEntriesByType(\"navigation\")[0].domContentLoadedEventEnd), resources: r});","args":[]}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["value"])'
  curl -s -X DELETE $WD/session/$SID >/dev/null
done
