/**
 * Built-in Kubernetes objects against the Kubernetes OpenAPI schema (kubernetes-models' generated
 * validators), plus rules the API server enforces in code rather than in the schema.
 */
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { PriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ajvViolations } from './ajv.js';
import { objectName } from './custom-resources.js';
import { dns1123LabelProblem, labelViolations, objectMetaViolations } from './object-meta.js';
import { joinField, Violation } from './violation.js';

/** kubernetes-models' schema version; its README names the Kubernetes release it was generated from. */
export const CORE_SCHEMA_SOURCE = 'Kubernetes OpenAPI (kubernetes-models 4.5.1)';
const ARGO_CD_SCHEMA_SOURCE = 'Argo CD CRD (@kubernetes-models/argo-cd 2.7.2)';

type Model = { new(data: unknown): { validate(): void }; apiVersion: string; kind: string };

/**
 * The built-in kinds a rendered networking stack may hold (one model module each keeps loading
 * fast), plus Argo CD's Application (the fleet output), from the same family of model packages.
 */
const MODELS: readonly Model[] = [
  Application, DaemonSet, Deployment, StatefulSet, CronJob, Job, NetworkPolicy, ClusterRole, ClusterRoleBinding, Role, RoleBinding,
  PriorityClass, ConfigMap, Namespace, Pod, Secret, Service, ServiceAccount,
] as unknown as Model[];

/** The model class of a built-in apiVersion/kind, if this checker knows it. */
export function coreModel(apiVersion: string, kind: string): Model | undefined {
  return MODELS.find((m) => m.apiVersion === apiVersion && m.kind === kind);
}

/** Pod templates inside a workload: where they sit and the selector that must match them. */
function podTemplates(obj: Record<string, any>): { base: string; template: any; selector?: any }[] {
  switch (obj.kind) {
    case 'Pod': return [{ base: '', template: obj }];
    case 'DaemonSet':
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet': return [{ base: 'spec.template', template: obj.spec?.template, selector: obj.spec?.selector }];
    case 'Job': return [{ base: 'spec.template', template: obj.spec?.template }];
    case 'CronJob': return [{ base: 'spec.jobTemplate.spec.template', template: obj.spec?.jobTemplate?.spec?.template }];
    default: return [];
  }
}

/** API-server rules for one pod template (apis/core/validation, apis/apps/validation). */
function podTemplateViolations(obj: Record<string, any>, at: { file: string; object: string }): Violation[] {
  const out: Violation[] = [];
  for (const { base, template, selector } of podTemplates(obj)) {
    if (!template || typeof template !== 'object') continue;
    const f = (rest: string) => joinField(base, rest);
    if (base) out.push(...labelViolations(template.metadata?.labels, { ...at, field: f('metadata.labels') }));
    const spec = template.spec ?? {};
    const containers: [string, any][] = [
      ...(spec.initContainers ?? []).map((c: any, i: number) => [f(`spec.initContainers[${i}]`), c] as [string, any]),
      ...(spec.containers ?? []).map((c: any, i: number) => [f(`spec.containers[${i}]`), c] as [string, any]),
    ];
    const names = new Set<string>();
    for (const [field, c] of containers) {
      if (typeof c?.name === 'string') {
        const problem = dns1123LabelProblem(c.name);
        if (problem) out.push({ ...at, field: `${field}.name`, rule: 'API server: container name is a DNS-1123 label', message: problem });
        if (names.has(c.name)) {
          out.push({ ...at, field: `${field}.name`, rule: 'API server: unique container names', message: `container name "${c.name}" is used twice` });
        }
        names.add(c.name);
      }
      const sc = c?.securityContext;
      if (sc?.privileged === true && sc?.allowPrivilegeEscalation === false) {
        out.push({
          ...at,
          field: `${field}.securityContext.allowPrivilegeEscalation`,
          rule: 'API server: privileged implies privilege escalation',
          message: 'cannot set allowPrivilegeEscalation to false and privileged to true',
        });
      }
    }
    if (obj.kind === 'DaemonSet' && spec.restartPolicy !== undefined && spec.restartPolicy !== 'Always') {
      out.push({
        ...at,
        field: f('spec.restartPolicy'),
        rule: 'API server: DaemonSet restartPolicy',
        message: `restartPolicy "${spec.restartPolicy}" is not allowed; only Always`,
      });
    }
    if (selector) {
      out.push(...labelViolations(selector.matchLabels, { ...at, field: 'spec.selector.matchLabels' }));
      const labels = template.metadata?.labels ?? {};
      const mismatch = Object.entries(selector.matchLabels ?? {}).filter(([k, v]) => labels[k] !== v);
      if (mismatch.length > 0 || (!selector.matchLabels && !selector.matchExpressions)) {
        out.push({
          ...at,
          field: 'spec.selector',
          rule: 'API server: selector matches template labels',
          message: '`selector` does not match template `labels`',
        });
      }
    }
  }
  return out;
}

/** Violations of one built-in (or Argo CD) object; undefined when this checker knows no model for the kind. */
export function coreObjectViolations(obj: Record<string, any>, file: string): Violation[] | undefined {
  const model = coreModel(obj.apiVersion, obj.kind);
  if (!model) return undefined;
  const at = { file, object: objectName(obj) };
  const out: Violation[] = [];
  try {
    new model(obj).validate();
  } catch (e) {
    const errors = (e as { errors?: Parameters<typeof ajvViolations>[0] }).errors;
    if (!errors) throw e;
    const source = obj.apiVersion.startsWith('argoproj.io/') ? ARGO_CD_SCHEMA_SOURCE : CORE_SCHEMA_SOURCE;
    out.push(...ajvViolations(errors, { ...at, rule: `${source} ${obj.apiVersion} ${obj.kind}` }));
  }
  out.push(...objectMetaViolations(obj, at));
  out.push(...podTemplateViolations(obj, at));
  return out;
}
