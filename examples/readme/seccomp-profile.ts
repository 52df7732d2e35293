import { Chart, Testing } from 'cdk8s';
import { HardenedDeployment, HardenedSeccompProfile } from 'hardened-workloads/cdk8s';

const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
const reason = 'the session cache keeps its encryption key in the kernel keyring';
const keyring = new HardenedSeccompProfile(chart, 'keyring', {
  add: [{ syscall: 'add_key', justification: { reason, ticket: 'SEC-42' } }],
});
new HardenedDeployment(chart, 'cache', {
  containers: [{ name: 'cache', image: 'registry.example.com/shop/cache:2.1.0', seccompProfile: keyring }],
});
