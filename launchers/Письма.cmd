@echo off
chcp 65001 >nul
rem Пишет письма муниципальным образованиям по формам в папке, где лежит этот файл.
cd /d "%~dp0"
py -m reportgen letters "%~dp0." -o "%~dp0письма"
pause
