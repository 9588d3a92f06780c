// The engine's one entry besides index.ts, for a front end that loads protobufjs from node_modules (the
// desktop app's main process), which imports it before anything else: protobufjs keeps the tokenizer it finds
// when it first loads, and index.ts's own imports load protobufjs (see schema/install-proto-tokenizer.ts).
import { installProtoTokenizer } from './schema/install-proto-tokenizer';

installProtoTokenizer(require);
