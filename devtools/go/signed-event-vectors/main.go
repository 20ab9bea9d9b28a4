// Command signed-event-vectors writes test vectors for the agent's event-signature check: each
// event is signed the way a Go control plane built on plexd's types signs it, by json.Marshal of
// the five signed fields with IssuedAt a time.Time and Payload a json.RawMessage of the bytes the
// agent receives. It shares no code with the agent's verifier (which is Java), so the vectors
// check the verifier against Go's encoding/json itself.
//
//	go run ./devtools/go/signed-event-vectors > adapters-controlplane/src/test/resources/go-signed-events.json
package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// signedFields is plexd's signed part of an event envelope, in its field order.
type signedFields struct {
	EventType string          `json:"event_type"`
	EventID   string          `json:"event_id"`
	IssuedAt  time.Time       `json:"issued_at"`
	Nonce     string          `json:"nonce"`
	Payload   json.RawMessage `json:"payload"`
}

type vector struct {
	Name string `json:"name"`
	// Wire is the SSE data line as the agent receives it, signature included.
	Wire string `json:"wire"`
	// Canonical is what was signed: json.Marshal of the signed fields decoded from Wire.
	Canonical string `json:"canonical"`
	Signature string `json:"signature"`
}

type vectors struct {
	Comment   string   `json:"comment"`
	PublicKey string   `json:"public_key"`
	Vectors   []vector `json:"vectors"`
}

// Each case is a wire envelope whose signature is the placeholder SIG; the spacing, escapes and
// number spellings are what a non-Go server or a proxy might send, and the signature must still
// be over Go's canonical bytes.
var cases = []struct{ name, wire string }{
	{"plain", `{"event_type":"peer_endpoint_changed","event_id":"e-1","issued_at":"2026-11-30T12:00:00Z","nonce":"n-plain","payload":{"id":"peer-1","public_key":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","endpoint":"198.51.100.7:51820"},"signature":"SIG"}`},
	{"ampersand-and-angle-brackets", `{"event_type":"peer_endpoint_changed","event_id":"e-2","issued_at":"2026-11-30T12:00:01Z","nonce":"n-html","payload":{"id":"peer-2","endpoint":"198.51.100.8:51820","note":"a & b < c > d"},"signature":"SIG"}`},
	{"escaped-ampersand-kept", `{"event_type":"peer_endpoint_changed","event_id":"e-3","issued_at":"2026-11-30T12:00:02Z","nonce":"n-esc","payload":{"id":"peer-3","endpoint":"198.51.100.9:51820","note":"x \u0026 y \u003c z"},"signature":"SIG"}`},
	{"float-spellings", `{"event_type":"peer_endpoint_changed","event_id":"e-4","issued_at":"2026-11-30T12:00:03Z","nonce":"n-num","payload":{"id":"peer-4","endpoint":"198.51.100.10:51820","weight":1.0,"ratio":2.50,"big":1e3,"neg":-0.0},"signature":"SIG"}`},
	{"unicode-escape", `{"event_type":"peer_endpoint_changed","event_id":"e-5","issued_at":"2026-11-30T12:00:04Z","nonce":"n-uesc","payload":{"id":"peer-5","endpoint":"198.51.100.11:51820","name":"caf\u00e9"},"signature":"SIG"}`},
	{"raw-utf8-and-line-separators", "{\"event_type\":\"peer_endpoint_changed\",\"event_id\":\"e-6\",\"issued_at\":\"2026-11-30T12:00:05Z\",\"nonce\":\"n-utf8\",\"payload\":{\"id\":\"peer-6\",\"endpoint\":\"198.51.100.12:51820\",\"name\":\"café ☕ \u2028 \u2029\"},\"signature\":\"SIG\"}"},
	{"spaces-and-newlines", "{ \"event_type\" : \"peer_endpoint_changed\" , \"event_id\" : \"e-7\" , \"issued_at\" : \"2026-11-30T12:00:06Z\" , \"nonce\" : \"n-space\" , \"payload\" : {\t\"id\" : \"peer-7\" ,\n \"endpoint\" : \"198.51.100.13:51820\" , \"allowed_ips\" : [ \"10.0.0.7/32\" , \"fd00::7/128\" ] } , \"signature\" : \"SIG\" }"},
	{"issued-at-millis-zero", `{"event_type":"peer_endpoint_changed","event_id":"e-8","issued_at":"2026-11-30T12:00:07.000Z","nonce":"n-ms","payload":{"id":"peer-8","endpoint":"198.51.100.14:51820"},"signature":"SIG"}`},
	{"issued-at-utc-offset", `{"event_type":"peer_endpoint_changed","event_id":"e-9","issued_at":"2026-11-30T12:00:08+00:00","nonce":"n-off","payload":{"id":"peer-9","endpoint":"198.51.100.15:51820"},"signature":"SIG"}`},
	{"issued-at-nanos-trimmed", `{"event_type":"peer_endpoint_changed","event_id":"e-10","issued_at":"2026-11-30T12:00:09.120000000Z","nonce":"n-nano","payload":{"id":"peer-10","endpoint":"198.51.100.16:51820"},"signature":"SIG"}`},
	{"issued-at-other-offset", `{"event_type":"peer_endpoint_changed","event_id":"e-11","issued_at":"2026-11-30T14:00:10.5+02:00","nonce":"n-cest","payload":{"id":"peer-11","endpoint":"198.51.100.17:51820"},"signature":"SIG"}`},
	{"html-in-string-fields", `{"event_type":"peer_endpoint_changed","event_id":"e-12<&>","issued_at":"2026-11-30T12:00:11Z","nonce":"n-<&>","payload":{"id":"peer-12","endpoint":"198.51.100.18:51820"},"signature":"SIG"}`},
	{"nested-and-empty", `{"event_type":"peer_endpoint_changed","event_id":"e-13","issued_at":"2026-11-30T12:00:12Z","nonce":"n-nest","payload":{"id":"peer-13","endpoint":"198.51.100.19:51820","meta":{"a":[],"b":{},"c":[1,{"d":null,"e":true,"f":false}]}},"signature":"SIG"}`},
}

func main() {
	// A fixed test seed: the vectors are reproducible and the key protects nothing.
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i + 1)
	}
	key := ed25519.NewKeyFromSeed(seed)
	out := vectors{
		Comment:   "written by devtools/go/signed-event-vectors (Go encoding/json, crypto/ed25519); do not edit",
		PublicKey: base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey)),
	}
	for _, c := range cases {
		var fields signedFields
		if err := json.Unmarshal([]byte(c.wire), &fields); err != nil {
			fail(c.name, err)
		}
		canonical, err := json.Marshal(fields)
		if err != nil {
			fail(c.name, err)
		}
		sig := base64.StdEncoding.EncodeToString(ed25519.Sign(key, canonical))
		if strings.Count(c.wire, `"SIG"`) != 1 {
			fail(c.name, fmt.Errorf("wire text needs exactly one signature placeholder"))
		}
		out.Vectors = append(out.Vectors, vector{
			Name:      c.name,
			Wire:      strings.Replace(c.wire, `"SIG"`, `"`+sig+`"`, 1),
			Canonical: string(canonical),
			Signature: sig,
		})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fail("output", err)
	}
}

func fail(name string, err error) {
	fmt.Fprintf(os.Stderr, "signed-event-vectors: %s: %v\n", name, err)
	os.Exit(1)
}
