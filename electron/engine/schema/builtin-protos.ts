/**
 * Schemas every registry carries besides protobufjs's own well-known types: google.rpc.Status and the
 * standard error details, so `grpc-status-details-bin` decodes even when the server's schema lacks them.
 * Written from the published field numbers of google/rpc/status.proto and error_details.proto.
 */
export const BUILTIN_PROTOS: Readonly<Record<string, string>> = {
  'google/rpc/status.proto': `syntax = "proto3";
package google.rpc;
import "google/protobuf/any.proto";
// The logical error model used by gRPC: a code, a developer-facing message and typed details.
message Status {
  int32 code = 1;
  string message = 2;
  repeated google.protobuf.Any details = 3;
}
`,
  'google/rpc/error_details.proto': `syntax = "proto3";
package google.rpc;
import "google/protobuf/duration.proto";
// Why an error happened: a machine-readable reason within a domain.
message ErrorInfo {
  string reason = 1;
  string domain = 2;
  map<string, string> metadata = 3;
}
// When a client may retry.
message RetryInfo {
  google.protobuf.Duration retry_delay = 1;
}
// Debugging information from the server.
message DebugInfo {
  repeated string stack_entries = 1;
  string detail = 2;
}
// Which quota was exceeded.
message QuotaFailure {
  message Violation {
    string subject = 1;
    string description = 2;
  }
  repeated Violation violations = 1;
}
// Which preconditions failed.
message PreconditionFailure {
  message Violation {
    string type = 1;
    string subject = 2;
    string description = 3;
  }
  repeated Violation violations = 1;
}
// Which request fields were invalid.
message BadRequest {
  message FieldViolation {
    string field = 1;
    string description = 2;
    string reason = 3;
    LocalizedMessage localized_message = 4;
  }
  repeated FieldViolation field_violations = 1;
}
// Identifies the request, for bug reports.
message RequestInfo {
  string request_id = 1;
  string serving_data = 2;
}
// The resource the error is about.
message ResourceInfo {
  string resource_type = 1;
  string resource_name = 2;
  string owner = 3;
  string description = 4;
}
// Links to documentation.
message Help {
  message Link {
    string description = 1;
    string url = 2;
  }
  repeated Link links = 1;
}
// A message safe to show to the end user.
message LocalizedMessage {
  string locale = 1;
  string message = 2;
}
`,
};
