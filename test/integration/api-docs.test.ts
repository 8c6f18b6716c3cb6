import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import ts from 'typescript';
import { IS_PUBLIC } from '../../server/src/auth/public.decorator';
import { ROLES } from '../../server/src/auth/roles.decorator';
import { startTestStack, type TestStack } from '../support/test-stack';

const ROOT = join(__dirname, '../..');

type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[] };
type Parameter = { name: string; in: string; description?: string; required?: boolean };
type Operation = {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
type OpenApi = { openapi: string; info: { title: string; version: string; description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

interface ServedRoute {
  controller: string;
  handler: string;
  method: string;
  /** OpenAPI spelling: /api/patients/{id} */
  path: string;
  isPublic: boolean;
  roles: string[] | undefined;
  status: number;
  /** The @Body() parameter's declared type (a DTO class, or Object for untyped bodies). */
  body: { type: unknown } | null;
  queries: string[];
  params: string[];
}

/** Every route Nest serves, read from the controllers' metadata (the same metadata Nest's router uses). */
function servedRoutes(stack: TestStack): ServedRoute[] {
  const scanner = new MetadataScanner();
  const routes: ServedRoute[] = [];
  for (const wrapper of stack.app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!controller || !wrapper.instance) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    const classPaths = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (methodPaths === undefined) continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
      const paramTypes = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[];
      const ofKind = (kind: RouteParamtypes) => Object.entries(args).filter(([key]) => key.split(':')[0] === String(kind)).map(([, arg]) => arg);
      const bodyArg = ofKind(RouteParamtypes.BODY)[0];
      for (const classPath of classPaths) {
        for (const methodPath of [methodPaths].flat()) {
          const joined = `/${[classPath, methodPath].map((part) => part.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
          routes.push({
            controller: controller.name,
            handler: name,
            method: RequestMethod[method].toLowerCase(),
            path: joined.replace(/:(\w+)/g, '{$1}'),
            isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)),
            roles: (Reflect.getMetadata(ROLES, handler) ?? Reflect.getMetadata(ROLES, controller)) as string[] | undefined,
            status: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === RequestMethod.POST ? 201 : 200),
            body: bodyArg ? { type: paramTypes[bodyArg.index] } : null,
            queries: ofKind(RouteParamtypes.QUERY).map((arg) => String(arg.data)),
            params: ofKind(RouteParamtypes.PARAM).map((arg) => String(arg.data)),
          });
        }
      }
    }
  }
  return routes;
}

function resolve(document: OpenApi, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
}

/** Names of the properties class-validator checks on a DTO (what the ValidationPipe accepts). */
function validatedProperties(dto: Function): string[] {
  return [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((meta) => meta.propertyName))];
}

/** Everything wrong with the documentation of one route (empty when it is fully documented). */
function problemsOf(document: OpenApi, route: ServedRoute): string[] {
  const where = `${route.method.toUpperCase()} ${route.path} (${route.controller}.${route.handler})`;
  const operation = document.paths[route.path]?.[route.method];
  if (!operation) return [`${where}: missing from the OpenAPI document`];
  const problems: string[] = [];
  if (!operation.summary?.trim()) problems.push(`${where}: no summary`);
  if (!operation.tags?.length) problems.push(`${where}: no tag`);
  const bearer = (operation.security ?? []).some((requirement) => 'bearer' in requirement);
  if (route.isPublic) {
    if (bearer) problems.push(`${where}: public route documented as needing the bearer token`);
  } else {
    if (!operation.responses['401']) problems.push(`${where}: no 401 response`);
    if (!bearer) problems.push(`${where}: no bearer security requirement`);
  }
  if (route.roles && !operation.responses['403']) problems.push(`${where}: role-restricted (${route.roles.join(', ')}) but no 403 response`);
  if (!operation.responses[String(route.status)]) problems.push(`${where}: answers ${route.status} but documents ${Object.keys(operation.responses).join(', ')}`);
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) < 400) continue;
    const schema = response.content?.['application/json']?.schema;
    if (schema?.$ref !== '#/components/schemas/ApiErrorBody') problems.push(`${where}: error ${status} does not use the ApiErrorBody schema`);
  }
  if (route.body) {
    const content = operation.requestBody?.content ?? {};
    if (Object.keys(content).length === 0) problems.push(`${where}: takes a body but documents no requestBody`);
    const dto = route.body.type;
    if (typeof dto === 'function' && dto !== Object) {
      const schema = resolve(document, content['application/json']?.schema);
      const properties = schema?.properties ?? {};
      if (Object.keys(properties).length === 0) problems.push(`${where}: body ${dto.name} has no documented properties`);
      for (const property of validatedProperties(dto)) {
        const documented = properties[property];
        if (!documented) problems.push(`${where}: body ${dto.name}.${property} is validated but not documented (@ApiProperty)`);
        else if (!documented.type && !documented.$ref && !documented.allOf && !documented.oneOf && !documented.enum) problems.push(`${where}: body ${dto.name}.${property} has no type`);
      }
    }
  }
  const parameters = operation.parameters ?? [];
  for (const query of route.queries) {
    const documented = parameters.find((parameter) => parameter.in === 'query' && parameter.name === query);
    if (!documented) problems.push(`${where}: query parameter ${query} not documented`);
    else if (!documented.description) problems.push(`${where}: query parameter ${query} has no description (@ApiQuery)`);
  }
  for (const param of route.params) {
    if (!parameters.some((parameter) => parameter.in === 'path' && parameter.name === param)) problems.push(`${where}: path parameter ${param} not documented`);
  }
  return problems;
}

describe('API documentation (OpenAPI at /api/docs.json, Swagger UI at /api/docs)', () => {
  let stack: TestStack;
  let document: OpenApi;
  let routes: ServedRoute[];

  beforeAll(async () => {
    stack = await startTestStack();
    const response = await fetch(`${stack.url}/api/docs.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    document = (await response.json()) as OpenApi;
    routes = servedRoutes(stack);
  });
  afterAll(() => stack?.close());

  it('is an OpenAPI 3 document with the bearer scheme and the shared error schema', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('SMS Communication Center API');
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(document.info.description).toContain('docs/realtime-events.md');
    expect((document.components as { securitySchemes?: Record<string, { scheme?: string }> }).securitySchemes?.['bearer']?.scheme).toBe('bearer');
    expect(Object.keys(document.components.schemas['ApiErrorBody']?.properties ?? {}).sort()).toEqual(['code', 'details', 'error', 'message', 'statusCode']);
  });

  it('documents every route the app serves: summary, tag, auth (401), roles (403), success status, errors, body DTOs, query parameters', () => {
    // Sanity: the discovery really finds the app's routes (a broken walk would make this test vacuous).
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContainEqual(expect.objectContaining({ method: 'post', path: '/api/patients/{patientId}/messages', status: 202 }));
    expect(routes).toContainEqual(expect.objectContaining({ method: 'post', path: '/api/auth/login', isPublic: true }));
    const problems = routes.flatMap((route) => problemsOf(document, route));
    expect(problems).toEqual([]);
  });

  it('documents nothing the app does not serve', () => {
    const served = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    expect(documented.filter((operation) => !served.has(operation))).toEqual([]);
  });

  it('documents the Twilio webhooks as signed form posts with their 200/400/403/413 answers', () => {
    for (const path of ['/webhooks/twilio/inbound', '/webhooks/twilio/status']) {
      const operation = document.paths[path]!['post']!;
      expect(Object.keys(operation.requestBody?.content ?? {})).toEqual(['application/x-www-form-urlencoded']);
      expect(operation.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'X-Twilio-Signature', required: true }));
      expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '403', '413']);
    }
  });

  it('serves Swagger UI as HTML that loads only same-origin scripts', async () => {
    const response = await fetch(`${stack.url}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('swagger-ui');
    // The CSP allows scripts from 'self' only: no inline <script> bodies.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? []).toEqual([]);
    const init = await fetch(`${stack.url}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toMatch(/javascript/);
    const yaml = await fetch(`${stack.url}/api/docs.yaml`);
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toMatch(/^openapi: 3\./m);
  });
});

/** Property names of an interface or type literal. */
function memberNames(members: ts.NodeArray<ts.TypeElement>): string[] {
  return members.flatMap((member) => (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? [member.name.text] : []));
}

function interfacesOf(file: string): Map<string, ts.InterfaceDeclaration> {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) found.set(node.name.text, node);
  });
  return found;
}

/** Contents of the inline code spans (`...`) of a markdown text without fenced code blocks. */
function codeSpans(markdown: string): string[] {
  return markdown.split('`').filter((_part, index) => index % 2 === 1);
}

/** The `### \`name\`` section of the realtime document, up to the next heading of that level or higher. */
function section(markdown: string, name: string): string | null {
  const start = markdown.indexOf(`### \`${name}\``);
  if (start < 0) return null;
  const rest = markdown.slice(start + 4);
  const end = rest.search(/\n#{1,3} /);
  return end < 0 ? rest : rest.slice(0, end);
}

describe('Socket.IO events documentation (docs/realtime-events.md)', () => {
  // Missing file: every section below is reported missing (the suite still runs).
  const markdown = existsSync(join(ROOT, 'docs/realtime-events.md')) ? readFileSync(join(ROOT, 'docs/realtime-events.md'), 'utf8') : '';
  const events = interfacesOf('shared/src/events.ts');
  const dataTypes = new Map([...events, ...interfacesOf('shared/src/messages.ts')]);

  it('has a section for every event of ServerToClientEvents and ClientToServerEvents, naming every field of its data or payload', () => {
    const problems: string[] = [];
    for (const contract of ['ServerToClientEvents', 'ClientToServerEvents']) {
      const declaration = events.get(contract);
      if (!declaration) throw new Error(`${contract} not found in shared/src/events.ts`);
      const names = memberNames(declaration.members);
      expect(names.length).toBeGreaterThan(3);
      for (const member of declaration.members) {
        const name = (member.name as ts.Identifier | ts.StringLiteral).text;
        const text = section(markdown, name);
        if (text === null) {
          problems.push(`${contract}.${name}: no "### \`${name}\`" section`);
          continue;
        }
        // The first parameter: the envelope (server → client) or the payload (client → server).
        const parameter = ts.isPropertySignature(member) && member.type && ts.isFunctionTypeNode(member.type) ? member.type.parameters[0]?.type : undefined;
        let fields: string[] = [];
        if (parameter && ts.isTypeReferenceNode(parameter) && parameter.typeArguments?.[1]) {
          const data = parameter.typeArguments[1];
          const declared = ts.isTypeReferenceNode(data) ? dataTypes.get(data.typeName.getText()) : undefined;
          if (declared) fields = memberNames(declared.members);
        } else if (parameter && ts.isTypeLiteralNode(parameter)) {
          fields = memberNames(parameter.members);
        }
        for (const field of fields) {
          // In inline code: `field` in a table, or `{ field }` in a payload.
          if (!codeSpans(text).some((span) => new RegExp(`\\b${field}\\b`).test(span))) problems.push(`${contract}.${name}: field \`${field}\` not documented in its section`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents the envelope, ephemeral eventId 0, sync/resync and reconnecting, and is linked from the README', () => {
    for (const field of memberNames(events.get('EventEnvelope')!.members)) expect(markdown).toContain(`\`${field}\``);
    expect(markdown).toMatch(/eventId.{0,40}\b0\b/s);
    expect(markdown).toContain('resync');
    expect(markdown).toMatch(/reconnect/i);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('docs/realtime-events.md');
  });
});
