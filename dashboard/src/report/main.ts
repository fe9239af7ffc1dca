import { createApp } from 'vue';
import ReportApp from './ReportApp.vue';
import './report.css';

createApp(ReportApp).mount('#report');
