// An app whose hardened Deployment is weakened after construction: the synth must refuse it with
// messages that point at this file (check-refused.js runs it with ts-node, as the template's app).
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { HardenedDeployment } from 'hardened-workloads/cdk8s';

const app = new App();
const chart = new Chart(app, 'web');
const api = new HardenedDeployment(chart, 'api', {
  containers: [{ name: 'api', image: 'registry.example.com/team/api:1.4.2', portNumber: 8080 }],
});
ApiObject.of(api).addJsonPatch(
  JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities/add', ['NET_ADMIN']),
  JsonPatch.add('/spec/template/spec/volumes', [
    { name: 'docker', hostPath: { path: '/var/run/docker.sock' } },
  ]),
);
app.synth();
