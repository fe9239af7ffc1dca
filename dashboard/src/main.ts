import { createApp } from 'vue';
import App from './App.vue';
import { startHistoryPolling } from './realtime/history.js';
import { connectWall } from './realtime/socket.js';
import './theme.css';

connectWall();
startHistoryPolling();
createApp(App).mount('#app');
