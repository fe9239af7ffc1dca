import '../shared/strict-csp.js';
import { createApp } from 'vue';
import WallApp from './WallApp.vue';
import { startAssessmentPolling } from './realtime/assessment-poller.js';
import { startCasePolling } from './realtime/cases-poller.js';
import { startGridQuietPolling } from './realtime/grid-quiet-poller.js';
import { startHistoryPolling } from './realtime/history-poller.js';
import { connectWall } from './realtime/socket.js';
import './theme.css';

connectWall();
startHistoryPolling();
startCasePolling();
startAssessmentPolling();
startGridQuietPolling();
createApp(WallApp).mount('#app');
