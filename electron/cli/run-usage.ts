/** Help for `ferry run`; kept beside the command until usage.ts takes it over (see the workspace PR notes). */
export const RUN_USAGE = `Usage: ferry run PATH [--env NAME] [--var NAME=VALUE]... [--reporter pretty|json|junit] [--junit-file FILE] [--bail] [-v]
                [--iteration-data FILE.csv|FILE.json] [-n N] [--delay-request MS] [--proxy URL|direct]

Runs a saved request (*.ferry.json) or every request in a collection folder, in a stable order (folder,
then each file's "order" field, then file name), and checks each request's assertions. Every file is
parsed and every {{variable}} resolved before the first request is sent.
  -e, --env NAME            environment from environments/NAME.ferry-env.json (default: the workspace's
                            defaultEnvironment); secret variables come from FERRY_VAR_<NAME>; OAuth
                            2.0 token variables are fetched (an authorization code grant asks you to
                            sign in in a browser, at a terminal only)
  --var NAME=VALUE          set a variable over the environment's (repeatable); VALUE is JSON when it
                            reads as JSON (3, true, {"a":1}, "3"), else text; not for secrets
  --iteration-data FILE     run the collection once per row of FILE, each row's values as variables
                            (over --var); .csv: a header row of names; else a JSON array of objects
  -n, --iteration-count N   run the collection N times; with --iteration-data, iteration i takes row
                            i mod the rows' count (fewer or more iterations than rows)
  --delay-request MS        wait MS milliseconds before each request but the first
  --proxy URL|direct        reach every request's server through this HTTP proxy (CONNECT),
                            http://[user:password@]host:port; direct: none. Default: the proxy
                            environment variables (https_proxy, no_proxy, …), as \`ferry call\` reads them
  --reporter R              pretty (default: progress lines), json (one document) or junit (XML) on stdout
  --junit-file FILE         also write JUnit XML to FILE
  --bail                    stop after the first failing request
  -v, --verbose             pretty reporter: print each response under its request (secrets as ***)

A request without a status assertion must end OK. A request's "captures" take values from its response
(a JSONPath, or a response header) into {{variables}} for the requests after it in the run; a capture
that finds nothing fails its request, and a request that needs the value fails without being sent.
Exit status: 0 all passed; 1 a request failed (assertion, non-OK status, unreachable server);
2 bad input (a file that does not parse, an unknown variable or environment, a missing .proto, an unknown
method): nothing is sent when a file or variable is bad.

Examples:
  ferry run api/ --env staging
  ferry run api/ --env ci --var host=localhost:50051 --var retries=3
  ferry run api/orders --iteration-data orders.csv --reporter junit > results.xml
  ferry run api/smoke -n 20 --delay-request 500
  FERRY_VAR_TOKEN=$TOKEN ferry run api/orders --env ci --reporter junit > results.xml`;
