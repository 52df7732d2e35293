import { App } from 'cdk8s';
import { ShopChart } from './shop';

// `npx cdk8s synth` runs this file (cdk8s.yaml `app:`) and points the output at dist/.
const app = new App();
new ShopChart(app, 'shop');
app.synth();
