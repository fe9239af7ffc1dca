import { createApp } from 'vue';
import App from './App.vue';
import { startCasePolling } from './realtime/cases.js';
import { startGridQuietPolling } from './realtime/grid-quiet.js';
import { startHistoryPolling } from './realtime/history.js';
import { connectWall } from './realtime/socket.js';
import './theme.css';

connectWall();
startHistoryPolling();
startCasePolling();
startGridQuietPolling();
createApp(App).mount('#app');
