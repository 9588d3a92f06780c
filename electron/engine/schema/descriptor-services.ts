import { callKindOf, type MethodSummary, type ServiceSummary } from '../../../shared/model';
import { byCodeUnits } from '../../../shared/util';
import { commentsByPath, FILE_SERVICE, SERVICE_METHOD } from './descriptor-fixups';
import type { FileDescriptor } from './descriptor-set-decode';

/** Resolves a type reference to the full name it means (no leading dot), as protoc does. */
export type ResolveReference = (name: string, scope: string) => string | undefined;

/**
 * The services of descriptor files, exactly as `SchemaRegistry.listServices` lists them once the types are
 * built: sorted by full name, `grpc.reflection.*` left out, docs from source_code_info. What `ferry list`
 * needs, read straight from the descriptors; building the types of a googleapis-sized set takes seconds.
 */
export function servicesOfDescriptors(files: readonly FileDescriptor[], resolve: ResolveReference): ServiceSummary[] {
  const services: ServiceSummary[] = [];
  for (const file of files) {
    const pkg = file.package ?? '';
    const comments = file.service?.length && file.sourceCodeInfo ? commentsByPath(file) : undefined;
    (file.service ?? []).forEach((service, i) => {
      const fullName = pkg ? `${pkg}.${service.name}` : `${service.name}`;
      if (fullName.startsWith('grpc.reflection.')) return;
      const doc = comments?.get(`${FILE_SERVICE}.${i}`);
      const methods = (service.method ?? []).map((method, j): MethodSummary => {
        const summary: MethodSummary = {
          name: `${method.name}`,
          fullName: `${fullName}.${method.name}`,
          path: `/${fullName}/${method.name}`,
          kind: callKindOf(!!method.clientStreaming, !!method.serverStreaming),
          requestType: resolve(method.inputType ?? '', pkg) ?? '',
          responseType: resolve(method.outputType ?? '', pkg) ?? '',
        };
        const methodDoc = comments?.get(`${FILE_SERVICE}.${i}.${SERVICE_METHOD}.${j}`);
        if (methodDoc) summary.doc = methodDoc;
        return summary;
      });
      services.push({ name: `${service.name}`, fullName, methods, ...(doc && { doc }) });
    });
  }
  return services.sort((a, b) => byCodeUnits(a.fullName, b.fullName));
}
