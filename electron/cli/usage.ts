const SCHEMA_HELP = `Schema (default: server reflection):
  --proto FILE|DIR          load a .proto file, or every .proto file in a folder and below it (hidden
                            folders and node_modules left out) (repeatable)
  -I, --import-path DIR     where imports are found (repeatable; inferred from the file's package when omitted)
  --protoset FILE           load a descriptor set from protoc -o / buf build -o (repeatable)
  --reflect-header 'K: V'   header sent with reflection requests only (repeatable)
  --no-cache                parse --proto/--protoset files afresh, neither reading nor writing the schema
                            cache (kept in the data folder; see docs/PERFORMANCE.md)`;

const CONNECTION_HELP = `Connection (TLS unless --plaintext):
  --plaintext               no TLS
  --insecure                TLS without verifying the server certificate
  --cacert FILE             trust this CA instead of the system roots
  --cert FILE --key FILE    client certificate and key (mTLS)
  --pfx FILE                client certificate and key as a PKCS#12 bundle (.p12, .pfx), instead
  --pass-env NAME           the passphrase of an encrypted --key or of --pfx, from environment variable NAME
  --authority NAME          :authority header and TLS server name
  --proxy URL|direct        reach the server through this HTTP proxy, http://[user:password@]host:port
                            (CONNECT; TLS stays end to end); direct: none. Default: grpc_proxy,
                            https_proxy or http_proxy, except for hosts no_grpc_proxy or no_proxy names
  -H, --header 'K: V'       request metadata, also sent with reflection (repeatable; -bin keys take base64;
                            'user-agent: X' sets the connection's user agent, sent as "X grpc-node-js/…")
  --keepalive-time S        send keepalive pings every S seconds
  --max-msg-size BYTES      largest message to send or receive
  --compress gzip           compress requests
  --connect-timeout S       give up dialing after S seconds (default 10)
  --protocol NAME           grpc (default), grpc-web, grpc-web-text or connect; the web protocols also
                            take a URL target, https://host[:port]/prefix (http:// means plaintext)
  --http1, --http2          web protocols: force the HTTP version (default: negotiated over TLS,
                            HTTP/1.1 in plaintext); client and bidi streams need HTTP/2
  --codec proto|json        connect only: the message codec (default proto)`;

const EXPORT_HELP = `Schema export (any schema source, reflection included):
  --protoset-out FILE       write a descriptor set of the files used (dependencies first)
  --proto-out-dir DIR       write those files as .proto sources under DIR (they compile with protoc)`;

const OUTPUT_HELP = `Output:
  --format json|ndjson      indented JSON per message (default) or one message per line
  --emit-defaults           print fields that hold their default value
  -v, --verbose             also print headers, trailers and timings (to stderr)`;

export const MAIN_USAGE = `ferry — a gRPC client

Usage:
  ferry list     [TARGET] [SERVICE]         list services, or the methods of SERVICE
  ferry describe [TARGET] SYMBOL            print a service, method, message or enum as .proto
  ferry call     TARGET METHOD [-d DATA]    call a method (all four kinds)
  ferry check    TARGET                     why a server can or cannot be reached: name, proxy, TCP, TLS
                                            (certificate chain, ALPN), HTTP/2, health, reflection
  ferry run      PATH [--env NAME]          run saved requests and check their assertions (CI)
  ferry bench    TARGET METHOD [-n N -c N]  load-test a method: latency percentiles, calls/s, statuses
  ferry serve    [--port N] [--open]        the Ferry UI in your browser (loopback only)
  ferry mock     --proto FILE | SERVER      a mock server of every method of a schema
  ferry import   bloomrpc [DIR]             BloomRPC's saved tabs and environments as a Ferry workspace
  ferry import   insomnia FILE              an Insomnia export's gRPC requests and environments
  ferry --version

Run \`ferry COMMAND --help\` for a command's flags.
Any other first word starts a grpcurl command line, read and printed as grpcurl does:
  ferry [flags] ADDRESS list|describe [SYMBOL]     ferry [flags] ADDRESS METHOD     (see \`ferry -help\`)
TARGET is host:port, dns:///host:port or unix:///path; with --protocol grpc-web|grpc-web-text|connect also a
URL (https://api.example.com/prefix). METHOD is pkg.Service/Method or pkg.Service.Method.
Exit status: 0 OK; 64 + gRPC code when the RPC ended with a non-OK status; 2 bad usage or input; 1 anything else.`;

export const SERVE_USAGE = `Usage: ferry serve [--port N] [--open]

Serves the Ferry UI to your browser from 127.0.0.1 only. The printed URL carries a token made for this
run; without it the page and the API answer 403.

  --port N     listen on port N (default: any free port)
  --open       open the URL in the system browser
  -h, --help   show this help

Stop with Ctrl+C.`;

export const CHECK_USAGE = `Usage: ferry check TARGET [flags]

Checks, step by step, how TARGET is reached with these flags, and says what to change where a step fails:
  dns         the host name's addresses (the proxy resolves it when there is one)
  proxy       the CONNECT tunnel through --proxy or the proxy environment variables
  tcp         the connection
  tls         the handshake: the certificate chain the server sent (names, issuer, expiry, fingerprint),
              whether it is trusted for the host (or --authority), the protocol, cipher and ALPN
  http2       gRPC needs HTTP/2: h2 agreed in ALPN over TLS, or HTTP/2 spoken in plaintext
  health      grpc.health.v1.Health/Check for the whole server (skipped when it has no health service)
  reflection  server reflection v1 or v1alpha, and how many services it lists (a failure only when the
              schema should come from it: without --proto or --protoset)
-H and --reflect-header go with the health and reflection requests.
  --format text|json        the report as text (default) or as one JSON document
Exit status: 0 when no step failed (warnings too: a certificate that expires within 14 days, Skip
verification); 1 when a step failed; 2 bad usage or input.

${CONNECTION_HELP}`;

export const LIST_USAGE = `Usage: ferry list [TARGET] [SERVICE] [flags]

Lists the services the schema defines, or the methods of one SERVICE.
TARGET is needed only for reflection; with --proto or --protoset nothing is dialed.

${SCHEMA_HELP}

${EXPORT_HELP}

${CONNECTION_HELP}`;

export const DESCRIBE_USAGE = `Usage: ferry describe [TARGET] SYMBOL [flags]

Prints a service, method, message or enum in .proto syntax, with its comments.

${SCHEMA_HELP}

${EXPORT_HELP}

${CONNECTION_HELP}`;

export const CALL_USAGE = `Usage: ferry call TARGET METHOD [-d JSON | -d @FILE | -d @-] [flags]

Calls METHOD and prints each response as it arrives.
  -d, --data JSON           the request message; for client and bidi streams a sequence of messages
                            ('{"a":1} {"a":2}'); @FILE reads a file, @- reads standard input (a client
                            or bidi stream sends each message as soon as it is read); default {}
  --max-time SECONDS        deadline for the whole call
  -e, --env NAME            fill {{variables}} in TARGET, -H and -d (inside JSON strings) from an
                            environment of the workspace around the working directory, and send its
                            metadata; secrets from FERRY_VAR_<NAME>, OAuth 2.0 tokens fetched (an
                            authorization code grant asks you to sign in, at a terminal only)
METHOD may leave out the package (Service/Method, Method) when only one service has it.

Examples:
  ferry call --plaintext localhost:50051 helloworld.Greeter/SayHello -d '{"name": "Ada"}'
  ferry call --env staging '{{host}}' acme.v1.Orders/Get -d '{"id": "{{orderId}}"}'
  ferry call localhost:8443 --cacert ca.pem -H 'authorization: Bearer $TOKEN' acme.v1.Orders/Get -d @order.json
  cat msgs.ndjson | ferry call --plaintext localhost:50051 chat.Chat/Talk -d @- --format ndjson

${OUTPUT_HELP}

${SCHEMA_HELP}

${EXPORT_HELP}

${CONNECTION_HELP}`;

export const BENCH_USAGE = `Usage: ferry bench TARGET METHOD [-d JSON | -d @FILE] [-n N | -z SECONDS] [-c N] [flags]
       ferry bench FILE.ferry.json [--env NAME] [-n N | -z SECONDS] [-c N] [flags]

Load-tests METHOD: makes many whole calls, C at a time, and prints their latency percentiles and
histogram, calls per second, and how many ended with each status (ghz's report). The latency of a call
runs from its start to its status, through the same engine as \`ferry call\`. A saved request (a
*.ferry.json file of a workspace) brings its own target, TLS, schema, metadata, messages and deadline, and
takes the workspace's default environment unless --env names another.
  -d, --data JSON           the request message (a sequence for client and bidi streams); @FILE reads a
                            file; default {}
  -n, --total N             calls to make (default 200; with --duration, whichever comes first)
  -c, --concurrency N       calls in flight at a time (default 50)
  -z, --duration SECONDS    keep calling for this long
  --rps N                   start at most N calls a second in all (default: as fast as calls end)
  --connections N           spread the calls over N connections (default 1; gRPC only)
  --max-time SECONDS        deadline of each call
  -e, --env NAME            fill {{variables}} in TARGET, -H and -d from an environment, as ferry call
                            does; {{$uuid}} and the other built-ins are fresh in every call
  --iteration-data FILE     each call takes the next row of a CSV or JSON data file as variables,
                            starting over after the last
  --format text|json        the report as text (default) or one JSON object
  --assert CHECK            a threshold the run must hold (repeatable): METRIC OP NUMBER, METRIC one of
                            p50 p75 p90 p95 p99 mean fastest slowest (ms), rps, errors, error-rate (%);
                            OP one of < <= > >= =; e.g. --assert 'p99<200' --assert 'error-rate<1%'
Ctrl+C stops starting calls, lets those in flight end, and prints the report of what ran.
Exit status: 0 every call OK and every check held; 1 a check failed (without a check about errors, any
failed call fails the run); 2 bad usage or input.

Examples:
  ferry bench --plaintext localhost:50051 helloworld.Greeter/SayHello -d '{"name": "Ada"}' -n 10000 -c 100
  ferry bench --plaintext localhost:50051 acme.v1.Orders/Create -d '{"id": "{{$uuid}}"}' -z 30 --rps 500
  ferry bench --env staging '{{host}}' acme.v1.Orders/Get -d '{"id": "{{id}}"}' --iteration-data ids.csv --format json
  ferry bench --plaintext localhost:50051 acme.v1.Orders/Get -d @get.json -z 60 --assert 'p99<250' --assert 'error-rate<0.1%'
  ferry bench api/orders/get.ferry.json --env staging -z 30 --assert 'p95<100'

${SCHEMA_HELP}

${CONNECTION_HELP}`;

export const MOCK_USAGE = `Usage: ferry mock (--proto FILE|DIR | --protoset FILE)... [--responses FILE] [--port N] [--web-port N] [--host H]
       ferry mock [--plaintext] SERVER [--passthrough [--record]] [--responses FILE] [--port N] [--web-port N] [--host H]

Serves every method of the schema over gRPC (plaintext unless --tls-cert), so a client can be built and tested before the
service exists, or without it; with --web-port, over gRPC-Web and Connect for browsers too. SERVER: the schema that
server offers by reflection (read once, with the connection flags below; not called again unless --passthrough). Each
method answers what --responses says, else its response type's example message.
Each call is printed on standard output as one line of JSON: the method, the metadata, the requests as
ProtoJSON and the status answered. Server reflection (v1 and v1alpha) is served too, so clients need no
.proto files.
  --responses FILE          a JSON object of methods and their answers:
                              { "acme.v1.Orders/Get": { "response": { "id": "o-1" }, "delayMs": 50 },
                                "acme.v1.Orders/List": { "responses": [{ "id": "o-1" }, { "id": "o-2" }] },
                                "acme.v1.Orders/Delete": { "status": { "code": "PERMISSION_DENIED", "message": "no" } } }
                            a list of such answers is taken in order, the first whose "when" (request
                            fields) and "metadata" the call has answering; "{{request.id}}" in a
                            response's strings is filled in from the request it answers; a server stream sends each
                            response, a bidi stream answers each request with the next; "headers" and
                            "trailers" ({ "x-request-id": "r-{{request.id}}" }, -bin keys in base64) go
                            before the first response and with the status; a status's "details" are
                            messages with their "@type" ({ "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": "GONE" }), sent as grpc-status-details-bin (Connect: its error's
                            details); checked against the schema before serving, and read again when it changes
  --port N                  listen on port N (default: any free port, printed on standard error)
  --web-port N              also serve the same methods and answers to browsers on port N (0: any free port):
                            gRPC-Web (application/grpc-web, grpc-web-text) and Connect (unary POST of
                            application/proto or json; streams as application/connect+proto or +json), with
                            CORS for any origin; HTTP/1.1 and HTTP/2 (h2c prior knowledge; ALPN with TLS);
                            bidi streams need HTTP/2. Its calls print with "protocol" (connect, grpc-web,
                            grpc-web-text)
  --host H                  listen on H (default 127.0.0.1; 0.0.0.0 serves other machines too)
  --tls-cert FILE --tls-key FILE   serve TLS with this certificate (chain) and key, PEM, on both ports
                            (default plaintext)
  --passthrough             a partial mock: a call no case answers (a method --responses leaves out, or a
                            call none of its method's cases matches) is forwarded to SERVER over gRPC, from
                            either port: its messages, metadata and deadline go up, the server's headers,
                            messages, trailers and status (rich details too) come back as it sent them,
                            streams both ways as messages arrive; printed with "passthrough": true and the
                            server's status. The connection flags below apply (--plaintext, --cacert,
                            --cert/--key, --insecure, --authority, --proxy); an unreachable server
                            answers UNAVAILABLE
  --passthrough-to TARGET   the same, forwarding to TARGET (for --proto/--protoset, or another server than SERVER)
  --record                  with --passthrough (or --passthrough-to) and --responses FILE: record and replay. Each
                            forwarded unary or server-stream call the server ends (any status) is written into
                            FILE as a case, first among its method's cases (one with the same "when" is replaced):
                            the request as "when", the response, a stream's responses, an error's status with
                            its details, the headers and trailers FILE accepts; the same call again is answered
                            by the mock. FILE is rewritten as 2-space JSON (a file that does not parse then is
                            left alone, and the call is not recorded); printed with "recorded": true.
                            Client-stream and bidi calls are forwarded, not recorded

${SCHEMA_HELP}

${CONNECTION_HELP}`;
