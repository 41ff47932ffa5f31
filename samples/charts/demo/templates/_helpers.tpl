{{/* Labels every object of the chart carries. */}}
{{- define "demo.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* The pod template annotations: the simulator's crash toggle, or any simulated behaviour (benchmarks). */}}
{{- define "demo.podAnnotations" -}}
{{- if eq (toString .Values.crash) "true" }}
annotations:
  sim.stamprelease.io/behavior: crashloop
{{- else if .Values.behavior }}
annotations:
  sim.stamprelease.io/behavior: {{ .Values.behavior | quote }}
{{- end }}
{{- end }}
