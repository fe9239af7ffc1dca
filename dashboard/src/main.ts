import { createApp } from 'vue';
import App from './App.vue';
import { startCasePolling } from './realtime/cases.js';
import { startHistoryPolling } from './realtime/history.js';
import { connectWall } from './realtime/socket.js';
import './theme.css';

connectWall();
startHistoryPolling();
startCasePolling();
createApp(App).mount('#app');
